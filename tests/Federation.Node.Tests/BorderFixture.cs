using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Identity;
using Federation.Core.Treaties;
using Federation.Node.Security;
using Federation.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Federation.Node.Tests;

/// <summary>
/// One real FR node that pins DE's and KR's CAs and is bound to DE (not KR) by a treaty that does
/// not allow reporter_name. Tests speak to its peer port as DE, KR or strangers.
/// </summary>
public class BorderFixture : IAsyncLifetime
{
    public const string TreatyFields = "[title, synopsis, sector, taxonomy_class, severity, status, reported_at, vendor, product, model_version]";

    private readonly TempDirectory _folder = new();

    public TestPki Pki { get; private set; } = null!;
    public TestNode Fr { get; private set; } = null!;
    public X509Certificate2 DeCertificate { get; private set; } = null!;
    public X509Certificate2 KrCertificate { get; private set; } = null!;
    public Treaty Treaty { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Pki = new TestPki(_folder.Combine("pki"));
        foreach (var j in new[] { "FR", "DE", "KR" })
        {
            Pki.Ca(j);
        }

        var yaml = TreatyFiles.Yaml("fr-de", ["FR", "DE"], TreatyFields);
        TreatyFiles.Write(_folder.Combine("treaties"), "fr-de.yaml", yaml);
        Treaty = TreatyParser.Parse(yaml, "fr-de.yaml");
        Fr = await TestNode.StartAsync("FR", Pki, _folder.Path, ["DE", "KR"], _folder.Combine("treaties"),
            extraSettings: new Dictionary<string, string?> { ["Federation:MaxMessageBytes"] = "65536" }, services: ConfigureServices);
        DeCertificate = Pki.Node("DE");
        KrCertificate = Pki.Node("KR");

        // DE has no node here: it countersigns the treaty the way its node would, over the peer port.
        await Fr.PeerClientAs(DeCertificate).DeliverAsync(Countersignature(DeCertificate, "DE", Treaty.ContentHash));
        await Fr.WaitForTreatiesInForceAsync();
    }

    /// <summary>A fixture that derives may decorate FR's services (to make a real part fail on demand).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>A countersignature of the fixture's treaty as <paramref name="signer"/> would seal it, for FR.</summary>
    public SignedEnvelope Countersignature(X509Certificate2 signer, string origin, string contentHash, string? treatyId = null, int version = 1) =>
        CountersignatureFor(signer, origin, treatyId ?? Treaty.Id, contentHash, version);

    /// <summary>A countersignature of any treaty as <paramref name="signer"/> would seal it, for FR.</summary>
    public static SignedEnvelope CountersignatureFor(X509Certificate2 signer, string origin, string treatyId, string contentHash, int version = 1)
    {
        using var sealer = new EnvelopeSealer(new LocalNode(JurisdictionCode.Parse(origin)), signer);
        var bytes = sealer.SealCountersignature(MessageId.New(JurisdictionCode.Parse(origin), TimeProvider.System), JurisdictionCode.Parse("FR"),
            new Core.Treaties.Countersignature(treatyId, version, contentHash), DateTimeOffset.UtcNow);
        return SignedEnvelope.Parser.ParseFrom(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await Fr.DisposeAsync();
        DeCertificate.Dispose();
        KrCertificate.Dispose();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A summary envelope as <paramref name="signer"/> would seal it, for FR.</summary>
    public SignedEnvelope Envelope(
        X509Certificate2 signer, string origin, string? messageId = null, string caseUnique = "01JD3Q5V7X8Y9Z0A1B2C3D4E5F",
        long revision = 1, IEnumerable<(string, string)>? fields = null, Treaty? treaty = null) =>
        SummaryFor(signer, origin, treaty ?? Treaty, messageId, caseUnique, revision, fields);

    /// <summary>A summary envelope under any treaty as <paramref name="signer"/> would seal it, for FR.</summary>
    public static SignedEnvelope SummaryFor(
        X509Certificate2 signer, string origin, Treaty treaty, string? messageId = null, string caseUnique = "01JD3Q5V7X8Y9Z0A1B2C3D4E5F",
        long revision = 1, IEnumerable<(string, string)>? fields = null)
    {
        var summary = new Core.Sharing.CaseSummary(
            new FederationCaseId(JurisdictionCode.Parse(origin), caseUnique), revision, Core.Cases.Tlp.Amber,
            (fields ?? [("title", "A title"), ("sector", "health")]).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).ToList());
        using var sealer = new EnvelopeSealer(new LocalNode(JurisdictionCode.Parse(origin)), signer);
        var bytes = sealer.Seal(messageId ?? MessageId.New(JurisdictionCode.Parse(origin), TimeProvider.System),
            JurisdictionCode.Parse("FR"), treaty, summary, DateTimeOffset.UtcNow);
        return SignedEnvelope.Parser.ParseFrom(bytes);
    }

    /// <summary>A withdrawal as <paramref name="signer"/> would seal it, for FR.</summary>
    public SignedEnvelope Withdrawal(X509Certificate2 signer, string origin, string caseId, long revision)
    {
        using var sealer = new EnvelopeSealer(new LocalNode(JurisdictionCode.Parse(origin)), signer);
        var bytes = sealer.SealWithdrawal(MessageId.New(JurisdictionCode.Parse(origin), TimeProvider.System), JurisdictionCode.Parse("FR"),
            FederationCaseId.Parse(caseId), revision, DateTimeOffset.UtcNow);
        return SignedEnvelope.Parser.ParseFrom(bytes);
    }

    /// <summary>Re-signs changed content with <paramref name="signer"/>, as a misbehaving node would.</summary>
    public static SignedEnvelope Resign(EnvelopeContent content, X509Certificate2 signer)
    {
        var bytes = content.ToByteArray();
        using var key = signer.GetECDsaPrivateKey()!;
        return new SignedEnvelope
        {
            Content = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(Core.Envelopes.EnvelopeSignature.Sign(bytes, key)),
            SignerCertificate = ByteString.CopyFrom(signer.RawData),
        };
    }

    public static Timestamp Now() => Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
}
