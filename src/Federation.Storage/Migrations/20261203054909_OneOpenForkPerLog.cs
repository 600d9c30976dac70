using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class OneOpenForkPerLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A log recorded as forked twice at once (two witness passes on one store) keeps its first record open; the
            // others are marked cleared as of their own finding, by this migration, and stay as evidence.
            migrationBuilder.Sql("""
                UPDATE LogForks SET ClearedAt = DetectedAt, ClearedBy = 'migration:OneOpenForkPerLog',
                    ClearReason = 'recorded twice at once; the first record of this fork stays open'
                WHERE ClearedAt IS NULL AND EXISTS (SELECT 1 FROM LogForks o WHERE o.Log = LogForks.Log AND o.ClearedAt IS NULL AND o.Id < LogForks.Id);
                """);
            migrationBuilder.CreateIndex(
                name: "IX_LogForks_OneOpenPerLog",
                table: "LogForks",
                column: "Log",
                unique: true,
                filter: "\"ClearedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LogForks_OneOpenPerLog",
                table: "LogForks");
        }
    }
}
