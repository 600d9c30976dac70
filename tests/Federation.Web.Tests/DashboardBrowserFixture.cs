using Federation.Contracts.V1;
using Federation.Core.Dashboard;
using Federation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Web.Tests;

/// <summary>
/// A real node (FR, following the CRA timeline) with a few cases published through its admin API and one left
/// unpublished, whose dashboard snapshot already shows every publication.
/// </summary>
public sealed class DashboardBrowserFixture : IAsyncLifetime
{
    public const string UnpublishedTitle = "Unpublished canary 3f9b";

    private static readonly (string Title, string Cvss, string? Ssvc, string Taxonomy, string Component, RemediationCategory Remediation)[] Published =
    [
        ("Prompt injection through uploaded documents in MedAssist", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "SSVC/E:A/A:Y/T:T/M:H", "AML.T0051", "host-application", RemediationCategory.VendorFix),
        ("Training data extraction from a credit-scoring model", "CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", null, "training-data-extraction", "inference-api", RemediationCategory.Mitigation),
        ("Poisoned weights in a public model hub mirror", "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", "SSVC/E:P/A:N/T:P/M:L", "supply-chain-compromise", "model-supply-chain", RemediationCategory.NoneAvailable),
    ];

    private TempDirectory _folder = null!;

    public TestNode Node { get; private set; } = null!;

    public string BaseAddress => Node.PublicAddress! + "/";

    public IReadOnlyList<string> PublishedIds { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _folder = new TempDirectory();
        var pki = new TestPki(_folder.Combine("pki"));
        pki.Ca("FR");
        pki.Ca("DE");
        TreatyFiles.Write(_folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        Node = await TestNode.StartAsync("FR", pki, _folder.Path, ["DE"], _folder.Combine("treaties"), extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Timelines:0"] = "cra",
            ["Federation:Dashboard:MinRebuildInterval"] = "00:00:00",
        }, cancellationToken: cancellationToken);
        var admin = Node.AdminClient();
        await CreateAsync(admin, UnpublishedTitle, "AML.T0054", "guardrails", cancellationToken);
        var ids = new List<string>();
        foreach (var (title, cvss, ssvc, taxonomy, component, remediation) in Published)
        {
            var id = await CreateAsync(admin, title, taxonomy, component, cancellationToken);
            await admin.Cases.AssessCaseAsync(new AssessCaseRequest { FederationCaseId = id, Cvss = cvss, Ssvc = ssvc ?? string.Empty }, cancellationToken: cancellationToken);
            await admin.Publications.PublishCaseAsync(new PublishCaseRequest { FederationCaseId = id, RemediationCategory = remediation, RemediationDetails = "See the vendor's notice." }, cancellationToken: cancellationToken);
            ids.Add(id);
        }

        PublishedIds = ids;
        await Node.Services.GetRequiredService<DashboardSnapshots>()
            .WaitForAsync(s => ids.All(id => s.Find(id) is not null), cancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        _folder.Dispose();
    }

    private static async Task<string> CreateAsync(AdminClients admin, string title, string taxonomy, string component, CancellationToken cancellationToken) =>
        (await admin.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields
            {
                Title = title, Synopsis = "A flaw in an AI system, coordinated with partner authorities.", Vendor = "Acme AI", Product = "Assistant",
                ModelVersion = "2.1", TaxonomyClass = taxonomy, Component = component, Tlp = TlpLabel.Green,
            },
        }, cancellationToken: cancellationToken)).FederationCaseId;
}
