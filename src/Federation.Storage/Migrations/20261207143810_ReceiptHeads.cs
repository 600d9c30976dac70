using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ReceiptHeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReceiptHeadId",
                table: "Outbox",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReceiptPosition",
                table: "Outbox",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DeliveryReceiptHeads",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Log = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: false),
                    Leaves = table.Column<byte[]>(type: "BLOB", nullable: false),
                    KeptAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryReceiptHeads", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The software before this one cannot rebuild a receipt from its head: the receipts kept under heads go
            // with the heads (export them first, `fedctl audit export`, to keep them). Receipts kept whole stay.
            migrationBuilder.DropTable(
                name: "DeliveryReceiptHeads");

            // SQLite's own DROP COLUMN (3.35+), inside the migration's transaction, as in DeliveryReceiptsApart.
            migrationBuilder.Sql("""ALTER TABLE "Outbox" DROP COLUMN "ReceiptHeadId";""");
            migrationBuilder.Sql("""ALTER TABLE "Outbox" DROP COLUMN "ReceiptPosition";""");
        }
    }
}
