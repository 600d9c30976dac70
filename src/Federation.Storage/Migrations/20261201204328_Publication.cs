using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Publication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PublishedAdvisories",
                columns: table => new
                {
                    TrackingId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Json = table.Column<byte[]>(type: "BLOB", nullable: false),
                    PublisherName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PublisherNamespace = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    RemediationCategory = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RemediationDetails = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Revisions = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublishedAdvisories", x => x.TrackingId);
                });

            migrationBuilder.CreateTable(
                name: "ReceivedPublications",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TrackingId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceivedPublications", x => x.CaseId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PublishedAdvisories_CaseId",
                table: "PublishedAdvisories",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PublishedAdvisories_PublishedAt",
                table: "PublishedAdvisories",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedPublications_PublishedAt",
                table: "ReceivedPublications",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedPublications_TrackingId",
                table: "ReceivedPublications",
                column: "TrackingId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PublishedAdvisories");

            migrationBuilder.DropTable(
                name: "ReceivedPublications");
        }
    }
}
