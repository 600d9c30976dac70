using Federation.Contracts.V1;
using Federation.Testing;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>Operators ask what a treaty lets flow, and check treaty files before installing them.</summary>
public sealed class TreatyAdminTests
{
    [Fact]
    public async Task ExplainShare_FieldByField_MatchesWhatShareSends()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields { Title = "t", Vendor = "Acme", ReporterName = "R", Tlp = TlpLabel.Green, Sector = "finance" },
        }, cancellationToken: ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: ct);

        var explanation = await fr.Cases.ExplainShareAsync(new ExplainShareRequest { FederationCaseId = created.FederationCaseId, Partner = "DE" }, cancellationToken: ct);
        var shared = await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { "DE" } }, cancellationToken: ct);

        Assert.True(explanation.WouldShare);
        Assert.Equal("test-treaty", explanation.GoverningTreatyId);
        Assert.Equal(shared.Decisions[0].Fields.Names(), explanation.Fields.Where(f => f.Flows).Select(f => f.Name()));
        Assert.Equal("needs consent 'share-vendor'", explanation.Fields.Single(f => f.Name() == "vendor").Reason);
        Assert.Equal("needs consent 'share-reporter'", explanation.Fields.Single(f => f.Name() == "reporter_name").Reason);
        Assert.Equal("allowed, but the case has no value for it", explanation.Fields.Single(f => f.Name() == "synopsis").Reason);
    }

    [Fact]
    public async Task ExplainShare_NationalSecurity_EveryFieldRefusedWithTheCarveOut()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t", Tlp = TlpLabel.Green, NationalSecurity = true } }, cancellationToken: ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary", "share-vendor", "share-reporter" } }, cancellationToken: ct);

        var explanation = await fr.Cases.ExplainShareAsync(new ExplainShareRequest { FederationCaseId = created.FederationCaseId, Partner = "DE" }, cancellationToken: ct);

        Assert.False(explanation.WouldShare);
        Assert.StartsWith("carve-out", explanation.Refusal, StringComparison.Ordinal);
        Assert.All(explanation.Fields, f => Assert.False(f.Flows));
    }

    [Fact]
    public async Task ValidateTreaty_PartyWithoutAnchorAndRawField_ProblemsNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var fr = federation["FR"].AdminClient();

        var noAnchor = await fr.Treaties.ValidateTreatyAsync(new ValidateTreatyRequest { FileName = "new.yaml", Yaml = TreatyFiles.Yaml("new", ["FR", "DE", "JP"]) }, cancellationToken: ct);
        var raw = await fr.Treaties.ValidateTreatyAsync(new ValidateTreatyRequest { FileName = "raw.yaml", Yaml = TreatyFiles.Yaml("raw", ["FR", "DE"], "[title, proof_of_concept]") }, cancellationToken: ct);
        var fine = await fr.Treaties.ValidateTreatyAsync(new ValidateTreatyRequest { FileName = "ok.yaml", Yaml = TreatyFiles.Yaml("ok", ["FR", "DE"]) }, cancellationToken: ct);
        var listed = await fr.Treaties.ListTreatiesAsync(new ListTreatiesRequest(), cancellationToken: ct);

        Assert.False(noAnchor.Valid);
        Assert.Contains(noAnchor.Problems, p => p.Contains("names JP as a party, but no trust anchor is pinned for JP", StringComparison.Ordinal));
        Assert.False(raw.Valid);
        Assert.Contains("raw case field", Assert.Single(raw.Problems), StringComparison.Ordinal);
        Assert.True(fine.Valid);
        var treaty = Assert.Single(listed.Treaties);
        Assert.True(treaty.InForce);
        Assert.Equal(["DE", "FR"], treaty.Parties);
    }

    [Fact]
    public async Task ValidateTreaty_AnchorsBoundInTheTreaty_CheckedAgainstThePins()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var fr = federation["FR"].AdminClient();
        var deAnchor = Federation.Core.Identity.TrustAnchors.Thumbprint(federation.Pki.Ca("DE"));
        string Yaml(string anchor) => TreatyFiles.Yaml("bound", ["FR", "DE"]) + $"\nanchors:\n  DE: {anchor}\n";

        var right = await fr.Treaties.ValidateTreatyAsync(new ValidateTreatyRequest { FileName = "bound.yaml", Yaml = Yaml(deAnchor) }, cancellationToken: ct);
        var wrong = await fr.Treaties.ValidateTreatyAsync(new ValidateTreatyRequest { FileName = "bound.yaml", Yaml = Yaml(new string('0', 64)) }, cancellationToken: ct);
        var install = await Assert.ThrowsAsync<RpcException>(async () =>
            await fr.Treaties.InstallTreatyAsync(new InstallTreatyRequest { FileName = "bound.yaml", Yaml = Yaml(new string('0', 64)) }, cancellationToken: ct));

        Assert.True(right.Valid, string.Join("; ", right.Problems));
        Assert.Contains(wrong.Problems, p => p.Contains("names anchor 0000000000000000… for DE, but this node pins", StringComparison.Ordinal));
        Assert.Equal(StatusCode.FailedPrecondition, install.StatusCode);
    }
}
