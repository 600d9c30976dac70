using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>Publication signals built from the proto alone, as a partner (or a misbehaving one) would send them to FR.</summary>
public sealed class PublicationWireTests(BorderFixture fixture) : IClassFixture<BorderFixture>
{
    private static readonly string Sha = new('a', 64);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deliver_PublicationOfAnotherOriginsCase_PermissionDenied()
    {
        var caseId = $"FR-{Unique()}";

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(Sign(Content(caseId, version: 1), fixture.DeCertificate), cancellationToken: Ct));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("may only publish its own cases", error.Status.Detail);
    }

    [Fact]
    public async Task Deliver_PublicationOfACaseThisNodeTakesNoPartIn_FailedPrecondition()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(Sign(Content($"DE-{Unique()}", version: 1), fixture.DeCertificate), cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("takes no part", error.Status.Detail);
    }

    [Fact]
    public async Task Deliver_PublicationOfAHeldCase_RecordedOnceAndAnOlderVersionChangesNothing()
    {
        var unique = Unique();
        var caseId = $"DE-{unique}";
        var peer = fixture.Fr.PeerClientAs(fixture.DeCertificate);
        await peer.DeliverAsync(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: unique), cancellationToken: Ct);
        var second = Sign(Content(caseId, version: 2, sha: new string('b', 64)), fixture.DeCertificate);

        await peer.DeliverAsync(second, cancellationToken: Ct);
        var again = await peer.DeliverAsync(second, cancellationToken: Ct);
        await peer.DeliverAsync(Sign(Content(caseId, version: 1), fixture.DeCertificate), cancellationToken: Ct);

        Assert.True(again.Duplicate);
        var listed = (await fixture.Fr.AdminClient().Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories.Single(a => a.TrackingId == caseId);
        Assert.Equal((2, new string('b', 64), "DE", false), (listed.Version, listed.Sha256, listed.Publisher, listed.Own));
    }

    [Fact]
    public async Task Deliver_PublicationWithAMalformedHash_InvalidArgumentNamingTheField()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(Sign(Content($"DE-{Unique()}", version: 1, sha: "not-hex"), fixture.DeCertificate), cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("advisory_sha256", error.Status.Detail);
    }

    private static string Unique() => Core.Identity.MessageId.New(Core.Identity.JurisdictionCode.Parse("DE"), TimeProvider.System)[^26..];

    private static EnvelopeContent Content(string caseId, int version, string? sha = null) => new()
    {
        MessageId = Core.Identity.MessageId.New(Core.Identity.JurisdictionCode.Parse("DE"), TimeProvider.System),
        Origin = "DE",
        Recipient = "FR",
        CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Publication = new CasePublication
        {
            FederationCaseId = caseId,
            Revision = 3,
            PublishedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
            AdvisoryTrackingId = caseId,
            AdvisoryVersion = version,
            AdvisorySha256 = sha ?? Sha,
        },
    };

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
}
