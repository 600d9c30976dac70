using Federation.Contracts.V1;
using Federation.Core.Abstractions;
using Federation.Core.Cases;
using Federation.Core.Dashboard;
using Federation.Core.Publication;
using Federation.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests.Dashboard;

/// <summary>
/// A real node FR (following the CRA timeline) on a fake clock, with one published case, one unpublished case and
/// one whose advisory becomes public an hour from now; the dashboard rebuilds at once on every publication.
/// </summary>
public sealed class DashboardNode : IAsyncDisposable
{
    public const string PublishedTitle = "Prompt injection in Acme MedAssist";
    public const string UnpublishedTitle = "Unpublished canary 5d1e: training data extraction";
    public const string ScheduledTitle = "Scheduled canary 8a7c: guardrail bypass";

    private readonly TempDirectory _folder;

    private DashboardNode(TempDirectory folder, TestNode node, FakeTimeProvider clock)
    {
        _folder = folder;
        Node = node;
        Clock = clock;
    }

    public TestNode Node { get; }
    public FakeTimeProvider Clock { get; }
    public string PublishedId { get; private set; } = string.Empty;
    public string UnpublishedId { get; private set; } = string.Empty;
    public string ScheduledId { get; private set; } = string.Empty;
    public DateTimeOffset ScheduledAt { get; private set; }

    public DashboardSnapshots Snapshots => Node.Services.GetRequiredService<DashboardSnapshots>();

    public static async Task<DashboardNode> StartAsync(CancellationToken cancellationToken)
    {
        var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("FR");
        pki.Ca("DE");
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var node = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"), clock, new Dictionary<string, string?>
        {
            ["Federation:Timelines:0"] = "cra",
            // On a fake clock a wait between rebuilds would only end when the test moves time: rebuild at once.
            ["Federation:Dashboard:MinRebuildInterval"] = "00:00:00",
            // Long, so that moving the clock an hour wakes the rebuild only through the scheduled advisory's instant.
            ["Federation:Dashboard:MaxAge"] = "1.00:00:00",
        }, cancellationToken: cancellationToken);
        var dashboard = new DashboardNode(folder, node, clock);
        await dashboard.SeedAsync(cancellationToken);
        return dashboard;
    }

    /// <summary>Completes (bounded) with the first snapshot for which <paramref name="until"/> holds.</summary>
    public Task<DashboardSnapshot> SnapshotAsync(Func<DashboardSnapshot, bool> until, CancellationToken cancellationToken) =>
        Snapshots.WaitForAsync(until, cancellationToken).WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        _folder.Dispose();
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var admin = Node.AdminClient();
        UnpublishedId = await CreateAsync(admin, UnpublishedTitle, cancellationToken);
        ScheduledId = await CreateAsync(admin, ScheduledTitle, cancellationToken);
        ScheduledAt = Clock.GetUtcNow().AddHours(1);
        await ScheduleAsync(ScheduledId, ScheduledAt, cancellationToken);

        PublishedId = await CreateAsync(admin, PublishedTitle, cancellationToken);
        await admin.Cases.AssessCaseAsync(new AssessCaseRequest
        {
            FederationCaseId = PublishedId, Cvss = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", Ssvc = "SSVC/E:A/A:Y/T:T/M:H",
        }, cancellationToken: cancellationToken);
        // The rebuild this publication triggers also learns when the scheduled advisory becomes public.
        var published = SnapshotAsync(s => s.Find(PublishedId) is not null && s.NextPublicationAt is not null, cancellationToken);
        await admin.Publications.PublishCaseAsync(new PublishCaseRequest
        {
            FederationCaseId = PublishedId, RemediationCategory = Contracts.V1.RemediationCategory.VendorFix, RemediationDetails = "Update MedAssist to 2.2.",
        }, cancellationToken: cancellationToken);
        await published;
    }

    /// <summary>A new case, assessed and published through the admin API; completes once the dashboard shows it.</summary>
    public async Task<string> PublishAsync(string title, CancellationToken cancellationToken)
    {
        var admin = Node.AdminClient();
        var id = await CreateAsync(admin, title, cancellationToken);
        await admin.Cases.AssessCaseAsync(new AssessCaseRequest
        {
            FederationCaseId = id, Cvss = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", Ssvc = "SSVC/E:A/A:Y/T:T/M:H",
        }, cancellationToken: cancellationToken);
        var shown = SnapshotAsync(s => s.Find(id) is not null, cancellationToken);
        await admin.Publications.PublishCaseAsync(new PublishCaseRequest
        {
            FederationCaseId = id, RemediationCategory = Contracts.V1.RemediationCategory.Mitigation, RemediationDetails = "Disable uploads.",
        }, cancellationToken: cancellationToken);
        await shown;
        return id;
    }

    /// <summary>
    /// A new case with an advisory public now whose stored CSAF document <paramref name="mangle"/> changed (as a
    /// damaged row or an older builder's layout would be); written to the store directly, nothing is announced.
    /// </summary>
    public async Task<string> StoreMangledAsync(string title, Func<byte[], byte[]> mangle, CancellationToken cancellationToken)
    {
        var id = await CreateAsync(Node.AdminClient(), title, cancellationToken);
        await using var scope = Node.Services.CreateAsyncScope();
        var @case = (await scope.ServiceProvider.GetRequiredService<ICaseStore>().FindAsync(id, cancellationToken))!;
        var publication = AdvisoryPublication.Initial(scope.ServiceProvider.GetRequiredService<AdvisoryPublisher>(), id,
            new AdvisoryRemediation(Core.Publication.RemediationCategory.Mitigation, "Disable uploads."), Clock.GetUtcNow());
        var built = CsafAdvisoryBuilder.Build(@case, publication);
        scope.ServiceProvider.GetRequiredService<IPublicationStore>().AddAdvisory(
            new PublishedAdvisory(id, publication, built with { Utf8Json = mangle(built.Utf8Json) }));
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(cancellationToken);
        return id;
    }

    private static async Task<string> CreateAsync(AdminClients admin, string title, CancellationToken cancellationToken) =>
        (await admin.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields
            {
                Title = title, Synopsis = "Text in an uploaded document makes the assistant ignore its guardrails.", Vendor = "Acme Health", Product = "MedAssist",
                ModelVersion = "2.1", TaxonomyClass = "AML.T0051", Component = "host-application", Tlp = TlpLabel.Green,
            },
        }, cancellationToken: cancellationToken)).FederationCaseId;

    /// <summary>
    /// An advisory whose instant is later than this node's clock (as a partner's is while the origin's clock runs
    /// ahead). The publish path always publishes at its own "now", so the store is written directly here.
    /// </summary>
    private async Task ScheduleAsync(string caseId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var scope = Node.Services.CreateAsyncScope();
        var cases = scope.ServiceProvider.GetRequiredService<ICaseStore>();
        var @case = (await cases.FindAsync(caseId, cancellationToken))!;
        var publication = AdvisoryPublication.Initial(scope.ServiceProvider.GetRequiredService<AdvisoryPublisher>(), caseId,
            new AdvisoryRemediation(Core.Publication.RemediationCategory.Mitigation, "Disable uploads."), at);
        scope.ServiceProvider.GetRequiredService<IPublicationStore>().AddAdvisory(new PublishedAdvisory(caseId, publication, CsafAdvisoryBuilder.Build(@case, publication)));
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(cancellationToken);
    }
}
