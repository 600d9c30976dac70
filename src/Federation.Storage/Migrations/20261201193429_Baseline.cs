using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Federation.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Audit",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Audit", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CaseReports",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseReports", x => new { x.CaseId, x.Name });
                });

            migrationBuilder.CreateTable(
                name: "CaseShares",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Partner = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    TreatyId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    TreatyVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    LastMessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SharedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Withdrawn = table.Column<bool>(type: "INTEGER", nullable: false),
                    SummaryHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseShares", x => new { x.CaseId, x.Partner });
                });

            migrationBuilder.CreateTable(
                name: "Cases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Synopsis = table.Column<string>(type: "TEXT", nullable: true),
                    TechnicalDescription = table.Column<string>(type: "TEXT", nullable: true),
                    ProofOfConcept = table.Column<string>(type: "TEXT", nullable: true),
                    ReporterName = table.Column<string>(type: "TEXT", nullable: true),
                    ReporterContact = table.Column<string>(type: "TEXT", nullable: true),
                    Vendor = table.Column<string>(type: "TEXT", nullable: true),
                    Product = table.Column<string>(type: "TEXT", nullable: true),
                    ModelVersion = table.Column<string>(type: "TEXT", nullable: true),
                    Sector = table.Column<string>(type: "TEXT", nullable: true),
                    TaxonomyClass = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Component = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CvssVector = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CvssScoreTenths = table.Column<int>(type: "INTEGER", nullable: true),
                    SsvcVector = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AssessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AssessedBy = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Tlp = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    NationalSecurity = table.Column<bool>(type: "INTEGER", nullable: false),
                    ContainsPersonalData = table.Column<bool>(type: "INTEGER", nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConsentScopes = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EmbargoContexts",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Participants = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    FirstReportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MaxEmbargoDays = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmbargoContexts", x => x.CaseId);
                });

            migrationBuilder.CreateTable(
                name: "EmbargoSignals",
                columns: table => new
                {
                    SignalId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Date = table.Column<long>(type: "INTEGER", nullable: true),
                    RefersTo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Evidence = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmbargoSignals", x => x.SignalId);
                });

            migrationBuilder.CreateTable(
                name: "Inbox",
                columns: table => new
                {
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Inbox", x => x.MessageId);
                });

            migrationBuilder.CreateTable(
                name: "Outbox",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    Envelope = table.Column<byte[]>(type: "BLOB", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PeerEndpoints",
                columns: table => new
                {
                    Jurisdiction = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Endpoint = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PeerEndpoints", x => x.Jurisdiction);
                });

            migrationBuilder.CreateTable(
                name: "ReceivedSummaries",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    Tlp = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Fields = table.Column<string>(type: "TEXT", nullable: false),
                    TreatyId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    TreatyVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Withdrawn = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceivedSummaries", x => x.CaseId);
                });

            migrationBuilder.CreateTable(
                name: "TreatySignatures",
                columns: table => new
                {
                    TreatyId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Jurisdiction = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Envelope = table.Column<byte[]>(type: "BLOB", nullable: false),
                    SignedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TreatySignatures", x => new { x.TreatyId, x.Version, x.Jurisdiction });
                });

            migrationBuilder.CreateTable(
                name: "TreatyVersions",
                columns: table => new
                {
                    TreatyId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    InstalledAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TreatyVersions", x => new { x.TreatyId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "CaseAssessments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    CvssVector = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CvssScoreTenths = table.Column<int>(type: "INTEGER", nullable: false),
                    SsvcVector = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Author = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    AssessedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseAssessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseAssessments_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseFingerprints",
                columns: table => new
                {
                    TreatyId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseFingerprints", x => new { x.CaseId, x.TreatyId });
                    table.ForeignKey(
                        name: "FK_CaseFingerprints_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseLinks",
                columns: table => new
                {
                    LocalCaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PartnerCaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Partner = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    TreatyId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseLinks", x => new { x.LocalCaseId, x.PartnerCaseId });
                    table.ForeignKey(
                        name: "FK_CaseLinks_Cases_LocalCaseId",
                        column: x => x.LocalCaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Audit_Sequence",
                table: "Audit",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseAssessments_CaseId_Id",
                table: "CaseAssessments",
                columns: new[] { "CaseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseFingerprints_Value",
                table: "CaseFingerprints",
                column: "Value");

            migrationBuilder.CreateIndex(
                name: "IX_CaseLinks_LinkedAt",
                table: "CaseLinks",
                column: "LinkedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CaseLinks_PartnerCaseId",
                table: "CaseLinks",
                column: "PartnerCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseShares_Withdrawn",
                table: "CaseShares",
                column: "Withdrawn");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_UpdatedAt",
                table: "Cases",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_EmbargoSignals_CaseId",
                table: "EmbargoSignals",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_CaseId",
                table: "Outbox",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_State_NextAttemptAt",
                table: "Outbox",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedSummaries_Fingerprint",
                table: "ReceivedSummaries",
                column: "Fingerprint");

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedSummaries_Origin_ReceivedAt",
                table: "ReceivedSummaries",
                columns: new[] { "Origin", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Audit");

            migrationBuilder.DropTable(
                name: "CaseAssessments");

            migrationBuilder.DropTable(
                name: "CaseFingerprints");

            migrationBuilder.DropTable(
                name: "CaseLinks");

            migrationBuilder.DropTable(
                name: "CaseReports");

            migrationBuilder.DropTable(
                name: "CaseShares");

            migrationBuilder.DropTable(
                name: "EmbargoContexts");

            migrationBuilder.DropTable(
                name: "EmbargoSignals");

            migrationBuilder.DropTable(
                name: "Inbox");

            migrationBuilder.DropTable(
                name: "Outbox");

            migrationBuilder.DropTable(
                name: "PeerEndpoints");

            migrationBuilder.DropTable(
                name: "ReceivedSummaries");

            migrationBuilder.DropTable(
                name: "TreatySignatures");

            migrationBuilder.DropTable(
                name: "TreatyVersions");

            migrationBuilder.DropTable(
                name: "Cases");
        }
    }
}
