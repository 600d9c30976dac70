using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class TransparencyLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "ContentCommitment",
                table: "Audit",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "LeafHash",
                table: "Audit",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "MessageDigest",
                table: "Audit",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Salt",
                table: "Audit",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Treaty",
                table: "Audit",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Checkpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Log = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    RootHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Checkpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LogHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Frontier = table.Column<byte[]>(type: "BLOB", maxLength: 2024, nullable: false),
                    ChainHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogHead", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LogNodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogNodes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Audit_Subject",
                table: "Audit",
                column: "Subject");

            migrationBuilder.CreateIndex(
                name: "IX_Checkpoints_Log_At",
                table: "Checkpoints",
                columns: new[] { "Log", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Checkpoints_Log_Size",
                table: "Checkpoints",
                columns: new[] { "Log", "Size" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Checkpoints");

            migrationBuilder.DropTable(
                name: "LogHead");

            migrationBuilder.DropTable(
                name: "LogNodes");

            migrationBuilder.DropIndex(
                name: "IX_Audit_Subject",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "ContentCommitment",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "LeafHash",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "MessageDigest",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "Salt",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "Treaty",
                table: "Audit");
        }
    }
}
