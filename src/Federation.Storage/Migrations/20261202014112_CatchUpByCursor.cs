using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class CatchUpByCursor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CatchUpCursors",
                columns: table => new
                {
                    Partner = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PulledThrough = table.Column<long>(type: "INTEGER", nullable: false),
                    PulledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PartnerHoldsThrough = table.Column<long>(type: "INTEGER", nullable: false),
                    PartnerHoldsAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatchUpCursors", x => x.Partner);
                });

            migrationBuilder.CreateTable(
                name: "PeerLog",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerLog", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PeerLog_Recipient_Sequence",
                table: "PeerLog",
                columns: new[] { "Recipient", "Sequence" });

            // What was queued before the log existed and is not delivered yet joins it, oldest first, so it can be pulled too.
            migrationBuilder.Sql(
                "INSERT INTO \"PeerLog\" (\"Recipient\", \"MessageId\", \"CreatedAt\") " +
                "SELECT \"Recipient\", \"Id\", \"CreatedAt\" FROM \"Outbox\" WHERE \"State\" <> 'Delivered' ORDER BY \"CreatedAt\", \"Id\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CatchUpCursors");

            migrationBuilder.DropTable(
                name: "PeerLog");
        }
    }
}
