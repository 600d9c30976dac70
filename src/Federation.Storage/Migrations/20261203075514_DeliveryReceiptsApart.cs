using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class DeliveryReceiptsApart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DeliveryReceipts",
                columns: table => new
                {
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: false),
                    KeptAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryReceipts", x => x.MessageId);
                });

            // The receipts kept so far move with their message ids: an auditor's export still finds them. They were kept
            // when the message was marked delivered, so that is the time they were kept.
            migrationBuilder.Sql("""
                INSERT INTO "DeliveryReceipts" ("MessageId", "Note", "KeptAt")
                SELECT "Id", "Receipt", COALESCE("DeliveredAt", "CreatedAt") FROM "Outbox"
                WHERE "Receipt" IS NOT NULL AND "Receipt" <> '';
                """);

            // SQLite's own DROP COLUMN (3.35+), inside the migration's transaction: EF's DropColumn rebuilds the table,
            // which cannot run in one, so a crash midway would leave the migration half applied.
            migrationBuilder.Sql("""ALTER TABLE "Outbox" DROP COLUMN "Receipt";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Receipt",
                table: "Outbox",
                type: "TEXT",
                nullable: true);

            // Back into the outbox rows, so that a downgrade keeps every receipt (those of rows no longer there are lost
            // with them, as before).
            migrationBuilder.Sql("""
                UPDATE "Outbox" SET "Receipt" = (SELECT "Note" FROM "DeliveryReceipts" WHERE "MessageId" = "Outbox"."Id");
                """);

            migrationBuilder.DropTable(
                name: "DeliveryReceipts");
        }
    }
}
