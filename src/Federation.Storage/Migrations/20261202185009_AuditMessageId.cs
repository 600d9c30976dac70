using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class AuditMessageId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MessageId",
                table: "Audit",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Audit_MessageId",
                table: "Audit",
                column: "MessageId",
                filter: "\"MessageId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Audit_MessageId",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "MessageId",
                table: "Audit");
        }
    }
}
