using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class WitnessEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The witness's evidence and state (issue 11, review findings): with each fork the certificates that verified
            // its two notes and a failing proof; each partner certificate that verified a kept checkpoint, once per log;
            // each partner log's consistency proof refusals in a row, so that a restart does not start the count over.
            migrationBuilder.AddColumn<byte[]>(
                name: "ConflictingCertificate",
                table: "LogForks",
                type: "BLOB",
                maxLength: 4096,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FailedProofHashes",
                table: "LogForks",
                type: "TEXT",
                maxLength: 2880,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FailedProofNewSize",
                table: "LogForks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FailedProofOldSize",
                table: "LogForks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "KnownCertificate",
                table: "LogForks",
                type: "BLOB",
                maxLength: 4096,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConsistencyRefusals",
                columns: table => new
                {
                    Log = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InARow = table.Column<int>(type: "INTEGER", nullable: false),
                    LastAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsistencyRefusals", x => x.Log);
                });

            migrationBuilder.CreateTable(
                name: "LogCertificates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Log = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    KeyId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Der = table.Column<byte[]>(type: "BLOB", maxLength: 4096, nullable: false),
                    FirstCheckpointAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogCertificates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LogCertificates_Log_KeyId",
                table: "LogCertificates",
                columns: new[] { "Log", "KeyId" });

            migrationBuilder.CreateIndex(
                name: "IX_LogCertificates_Log_Sha256",
                table: "LogCertificates",
                columns: new[] { "Log", "Sha256" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The certificates and failing proofs kept with forks and partners' checkpoints go with these columns and
            // tables: no earlier form holds them (the forks themselves and their signed notes stay). The refusal counts go
            // too, and start over, as they did in memory before.
            migrationBuilder.DropTable(
                name: "ConsistencyRefusals");

            migrationBuilder.DropTable(
                name: "LogCertificates");

            migrationBuilder.DropColumn(
                name: "ConflictingCertificate",
                table: "LogForks");

            migrationBuilder.DropColumn(
                name: "FailedProofHashes",
                table: "LogForks");

            migrationBuilder.DropColumn(
                name: "FailedProofNewSize",
                table: "LogForks");

            migrationBuilder.DropColumn(
                name: "FailedProofOldSize",
                table: "LogForks");

            migrationBuilder.DropColumn(
                name: "KnownCertificate",
                table: "LogForks");
        }
    }
}
