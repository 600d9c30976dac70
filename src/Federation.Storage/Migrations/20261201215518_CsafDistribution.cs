using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class CsafDistribution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AdvisoryUrl",
                table: "ReceivedPublications",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublisherName",
                table: "ReceivedPublications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CsafDistribution",
                columns: table => new
                {
                    Path = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    TrackingId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    InitialReleaseDate = table.Column<long>(type: "INTEGER", nullable: false),
                    CurrentReleaseDate = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sha512 = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    SignerFingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CsafDistribution", x => x.Path);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CsafDistribution_CurrentReleaseDate_Path",
                table: "CsafDistribution",
                columns: new[] { "CurrentReleaseDate", "Path" });

            migrationBuilder.CreateIndex(
                name: "IX_CsafDistribution_InitialReleaseDate",
                table: "CsafDistribution",
                column: "InitialReleaseDate");

            migrationBuilder.CreateIndex(
                name: "IX_CsafDistribution_TrackingId",
                table: "CsafDistribution",
                column: "TrackingId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CsafDistribution");

            migrationBuilder.DropColumn(
                name: "AdvisoryUrl",
                table: "ReceivedPublications");

            migrationBuilder.DropColumn(
                name: "PublisherName",
                table: "ReceivedPublications");
        }
    }
}
