using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Node.Interceptors;
using Federation.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>
/// The peer contract as a node written in another language sees it: summaries built from the proto
/// alone (no Core type, no EnvelopeSealer), and messages from a newer peer that carry what this node
/// does not know yet.
/// </summary>
public sealed class WireContractTests(BorderFixture fixture) : IClassFixture<BorderFixture>
{
    private const string Critical = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deliver_SummaryBuiltFromTheProtoAlone_AcceptedWithItsTypedSeverity()
    {
        var caseId = NewCaseId();
        var summary = new CaseSummary
        {
            FederationCaseId = caseId,
            Revision = 1,
            Tlp = TlpLabel.Amber,
            Title = "Guardrail bypass in a triage bot",
            Sector = "health",
            // Scored by hand from FIRST's calculator: 9.3 Critical.
            Severity = new CvssSeverity { Vector = Critical, ScoreTenths = 93, Rating = CvssRating.Critical },
            Status = CaseStatus.Triage,
            ReportedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero)),
        };

        var ack = await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(Sign(Content(summary), fixture.DeCertificate), cancellationToken: Ct);

        Assert.False(ack.Duplicate);
        var held = await HeldAsync(caseId);
        Assert.Equal(summary.Severity, held.Summary.Severity);
        Assert.Equal(CaseStatus.Triage, held.Summary.Status);
        Assert.Equal(summary.ReportedAt, held.Summary.ReportedAt);
        Assert.Equal(["reported_at", "sector", "severity", "status", "title"], held.Summary.Fields().Select(f => f.Name).Order());
    }

    [Fact]
    public async Task Deliver_ScoreThatDisagreesWithItsVector_InvalidArgumentNamingTheScore()
    {
        var summary = new CaseSummary
        {
            FederationCaseId = NewCaseId(),
            Revision = 1,
            Tlp = TlpLabel.Amber,
            Title = "Inflated",
            Severity = new CvssSeverity { Vector = Critical, ScoreTenths = 100, Rating = CvssRating.Critical },
        };

        var refusal = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(Sign(Content(summary), fixture.DeCertificate), cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        var info = refusal.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("INVALID_ARGUMENT", info.Reason);
        Assert.Equal("summary.severity.score_tenths", info.Metadata["field"]);
        Assert.Contains("scores 9.3 Critical", refusal.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_SsvcDecisionTheTreeDoesNotGive_InvalidArgument()
    {
        var summary = new CaseSummary
        {
            FederationCaseId = NewCaseId(),
            Revision = 1,
            Tlp = TlpLabel.Amber,
            Title = "Downplayed",
            // Active exploitation, automatable, total impact, high mission impact is Act on CISA's tree, not Track.
            Ssvc = new SsvcAssessment
            {
                Exploitation = SsvcExploitation.Active, Automatable = SsvcAutomatable.Yes, TechnicalImpact = SsvcTechnicalImpact.Total,
                MissionWellbeing = SsvcMissionWellbeing.High, Decision = SsvcDecision.Track,
            },
        };

        var refusal = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(Sign(Content(summary), fixture.DeCertificate), cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Contains("CISA's tree gives Act", refusal.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_FromANewerPeerWithUnknownFieldAndStatus_KeptNotRefusedAndTheSignatureVerifies()
    {
        var caseId = NewCaseId();
        var summary = new CaseSummary { FederationCaseId = caseId, Revision = 1, Tlp = TlpLabel.Amber, Title = "From the future", Status = (CaseStatus)42 };
        // A field this node's proto does not have (number 99, a string), appended as a newer peer's encoder would write it.
        var newer = CaseSummary.Parser.ParseFrom([.. summary.ToByteArray(), .. UnknownStringField(99, "a field from federation.v1 of next year")]);
        var content = Content(newer);
        var envelope = Sign(content, fixture.DeCertificate);
        // The signed bytes carry the unknown field: the signature is over what the newer peer wrote.
        Assert.True(envelope.Content.Span.IndexOf("next year"u8) >= 0);

        var ack = await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(envelope, cancellationToken: Ct);

        Assert.False(ack.Duplicate);
        var held = await HeldAsync(caseId);
        Assert.Equal("From the future", held.Summary.Title);
        // The status it does not know is kept as its number, not dropped and not guessed at.
        Assert.Equal((CaseStatus)42, held.Summary.Status);
    }

    [Fact]
    public async Task Deliver_ProtocolVersionNotSpokenHere_FailedPreconditionWithItsReason()
    {
        var envelope = Sign(Content(new CaseSummary { FederationCaseId = NewCaseId(), Revision = 1, Tlp = TlpLabel.Amber, Title = "v9" }), fixture.DeCertificate);

        var refusal = await Assert.ThrowsAsync<RpcException>(async () => await fixture.Fr.PeerClientAs(fixture.DeCertificate)
            .DeliverAsync(new DeliverRequest { Envelope = envelope, ProtocolVersion = "federation.v9" }, cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
        Assert.Equal("PROTOCOL_VERSION_UNSUPPORTED", refusal.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public void ErrorReasons_EveryDomainCode_HasTheProtoValueOfItsName()
    {
        foreach (var code in System.Enum.GetValues<Core.ErrorCode>())
        {
            var reason = ErrorMapping.Reason(code);
            // The proto value, not a C# name: ReplayConflict travels as REPLAY_CONFLICT, documented in errors.proto.
            Assert.Matches("^[A-Z_]+$", reason);
            Assert.NotEqual("ERROR_REASON_UNSPECIFIED", reason);
        }
    }

    private static string NewCaseId() => $"DE-{Core.Identity.MessageId.New(Core.Identity.JurisdictionCode.Parse("DE"), TimeProvider.System)[^26..]}";

    private EnvelopeContent Content(CaseSummary summary) => new()
    {
        MessageId = Core.Identity.MessageId.New(Core.Identity.JurisdictionCode.Parse("DE"), TimeProvider.System),
        Origin = "DE",
        Recipient = "FR",
        CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        TreatyId = fixture.Treaty.Id,
        TreatyVersion = fixture.Treaty.Version,
        Summary = summary,
    };

    /// <summary>Signed as the proto documents it: ECDSA P-256 over SHA-256 of the content bytes, IEEE P1363.</summary>
    private static SignedEnvelope Sign(EnvelopeContent content, X509Certificate2 signer)
    {
        var bytes = content.ToByteArray();
        using var key = signer.GetECDsaPrivateKey()!;
        return new SignedEnvelope
        {
            Content = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(key.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
            SignerCertificate = ByteString.CopyFrom(signer.RawData),
        };
    }

    private async Task<ReceivedSummary> HeldAsync(string caseId) =>
        (await fixture.Fr.AdminClient().Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = "DE", PageSize = 1000 }, cancellationToken: Ct))
            .Summaries.Single(s => s.Summary.FederationCaseId == caseId);

    private static byte[] UnknownStringField(int number, string value)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
        output.Flush();
        return stream.ToArray();
    }
}
