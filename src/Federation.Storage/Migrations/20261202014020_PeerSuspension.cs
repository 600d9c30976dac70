using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class PeerSuspension : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PeerSuspensions",
                columns: table => new
                {
                    Jurisdiction = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    SuspendedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SuspendedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerSuspensions", x => x.Jurisdiction);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PeerSuspensions");
        }
    }
}
