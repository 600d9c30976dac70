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
            // Changed after release (the schema it makes is the same; only stores upgrading from now on see it): a
            // "#fork" row with no checkpoint of its log kept before it is carried too (an empty known checkpoint, and the
            // reason says so) instead of being dropped by an inner join, which let the witness cosign that log again;
            // and the fork was found when the witness audited it (the earliest witness.fork-detected entry of the log),
            // not when the partner signed the conflicting checkpoint (its time, only when no such entry is left).
            migrationBuilder.Sql("""
                INSERT INTO LogForks (Jurisdiction, Log, Reason, DetectedAt, KnownSize, KnownRoot, KnownAt, KnownNote,
                                      ConflictingSize, ConflictingRoot, ConflictingAt, ConflictingNote)
                SELECT upper(substr(f.Log, 18, length(f.Log) - 22)), substr(f.Log, 1, length(f.Log) - 5),
                       'found before fork records were kept (the checkpoint under ' || f.Log || ')'
                           || CASE WHEN k.Id IS NULL THEN '; no checkpoint of this log was kept before it' ELSE '' END,
                       COALESCE((SELECT min(a.At) FROM Audit AS a
                                 WHERE a.Kind = 'witness.fork-detected' AND a.Subject = substr(f.Log, 1, length(f.Log) - 5)), f.At),
                       COALESCE(k.Size, 0), COALESCE(k.RootHash, x''), COALESCE(k.At, 0), COALESCE(k.Note, ''),
                       f.Size, f.RootHash, f.At, f.Note
                FROM Checkpoints AS f
                LEFT JOIN Checkpoints AS k ON k.Id = (
                    SELECT c.Id FROM Checkpoints AS c WHERE c.Log = substr(f.Log, 1, length(f.Log) - 5) AND c.Id < f.Id
                    ORDER BY c.Size DESC, c.At DESC, c.Id DESC LIMIT 1)
                WHERE f.Log LIKE 'federation.audit/%#fork';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the old form, so that no fork recorded since the upgrade is lost with the table. An open one becomes
            // the "#fork" checkpoint of its log (the conflicting one), which the old witness stops at: it still cosigns
            // nothing of that log (the known checkpoint is among the log's own already). A fork migrated from a "#fork"
            // row has that row still, and is not copied twice. A cleared fork the old form cannot hold as a fork (a
            // "#fork" row stops the old witness for good, and it has no clearing): its conflicting checkpoint is kept
            // under "#cleared-fork", a name the old version never reads (and the Up above does not take for an open
            // fork), and who cleared it and why stay in the audit log (witness.fork-cleared). Also lost to the old
            // version: that a clearing started the log's witnessing over (it compares with the largest checkpoint
            // kept, from before the clearing too), and a fork migrated from a "#fork" row and cleared since is open
            // again there. Both err on the side of cosigning less.
            migrationBuilder.Sql("""
                INSERT INTO Checkpoints (Log, Size, RootHash, At, Note)
                SELECT f.Log || CASE WHEN f.ClearedAt IS NULL THEN '#fork' ELSE '#cleared-fork' END,
                       f.ConflictingSize, f.ConflictingRoot, f.ConflictingAt, f.ConflictingNote
                FROM LogForks AS f
                WHERE NOT EXISTS (SELECT 1 FROM Checkpoints AS c
                                  WHERE c.Log IN (f.Log || '#fork', f.Log || '#cleared-fork')
                                    AND c.Size = f.ConflictingSize AND c.RootHash = f.ConflictingRoot AND c.At = f.ConflictingAt)
                ORDER BY f.Id;
                """);
            migrationBuilder.DropTable(
                name: "LogForks");
        }
    }
}
