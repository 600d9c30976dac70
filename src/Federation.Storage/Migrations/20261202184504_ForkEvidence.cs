using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ForkEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LogForks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Jurisdiction = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Log = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DetectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    KnownSize = table.Column<long>(type: "INTEGER", nullable: false),
                    KnownRoot = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    KnownAt = table.Column<long>(type: "INTEGER", nullable: false),
                    KnownNote = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: false),
                    ConflictingSize = table.Column<long>(type: "INTEGER", nullable: false),
                    ConflictingRoot = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    ConflictingAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConflictingNote = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: false),
                    ClearedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClearedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClearReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ResumeAfterCheckpoint = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogForks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LogForks_Log_ClearedAt",
                table: "LogForks",
                columns: new[] { "Log", "ClearedAt" });

            // A fork found before this table existed was kept as the checkpoint "federation.audit/xx#fork" (and the
            // witness stopped at it): it becomes an open fork record, with the last checkpoint of that log kept before
            // it as the known one, so that the node still cosigns nothing of that log until an operator clears it.
            // "federation.audit/" is 17 characters, "#fork" 5. The old rows stay, as all evidence does.
            migrationBuilder.Sql("""
                INSERT INTO LogForks (Jurisdiction, Log, Reason, DetectedAt, KnownSize, KnownRoot, KnownAt, KnownNote,
                                      ConflictingSize, ConflictingRoot, ConflictingAt, ConflictingNote)
                SELECT upper(substr(f.Log, 18, length(f.Log) - 22)), substr(f.Log, 1, length(f.Log) - 5),
                       'found before fork records were kept (the checkpoint under ' || f.Log || ')', f.At,
                       k.Size, k.RootHash, k.At, k.Note, f.Size, f.RootHash, f.At, f.Note
                FROM Checkpoints AS f
                JOIN Checkpoints AS k ON k.Id = (
                    SELECT c.Id FROM Checkpoints AS c WHERE c.Log = substr(f.Log, 1, length(f.Log) - 5) AND c.Id < f.Id
                    ORDER BY c.Size DESC, c.At DESC, c.Id DESC LIMIT 1)
                WHERE f.Log LIKE 'federation.audit/%#fork';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LogForks");
        }
    }
}
