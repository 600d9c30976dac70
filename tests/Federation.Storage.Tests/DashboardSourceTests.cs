using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Dashboard;
using Federation.Core.Deadlines;
using Federation.Core.Embargoes;
using Federation.Core.Identity;
using Federation.Core.Publication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Storage.Tests;

/// <summary>The dashboard's read side on a real SQLite file: only advisories public at the instant, the others counted by stage.</summary>
public sealed class DashboardSourceTests
{
    private static readonly JurisdictionCode Fr = JurisdictionCode.Parse("FR");
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Load_PublishedScheduledAndUnpublished_OnlyPublicFactsAndCountsByStage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        var clock = new FakeTimeProvider(Now.AddDays(-30));
        var published = Case.Create(Fr, Fields("published"), clock);
        var scheduled = Case.Create(Fr, Fields("scheduled") with { Status = CaseStatus.Coordinating }, clock);
        var received = Enumerable.Range(0, 3).Select(i => Case.Create(Fr, Fields($"new {i}"), clock)).ToList();
        var closed = Case.Create(Fr, Fields("closed") with { Status = CaseStatus.Closed }, clock);
        await using (var scope = store.Scope())
        {
            var services = scope.ServiceProvider;
            var cases = services.GetRequiredService<ICaseStore>();
            foreach (var @case in received.Append(published).Append(scheduled).Append(closed))
            {
                cases.Add(@case);
            }

            var share = new CaseShare(published.Id, "DE");
            share.Record("t", 1, 1, "m1", Now.AddDays(-20), new string('0', 64));
            cases.AddShare(share);
            services.GetRequiredService<IAuditLog>().Append(AuditEntry.Create(new FakeTimeProvider(Now.AddDays(-25)), AuditKinds.ShareDecided, "operator", published.Id, "allowed"));
            services.GetRequiredService<IAuditLog>().Append(AuditEntry.Create(new FakeTimeProvider(Now.AddDays(-26)), AuditKinds.ShareDecided, "operator", published.Id, "refused"));
            services.GetRequiredService<IEmbargoStore>().AddSignal(new EmbargoSignalRecord(
                new EmbargoSignal("s1", published.FederationId, Fr, EmbargoSignalKind.Propose, Now.AddDays(-24), Now.AddDays(-2)), [], Now.AddDays(-24)));
            services.GetRequiredService<ICaseReportStore>().Add(new CaseReport(published.Id, "early-warning", "operator", Now.AddDays(-29)));
            Publish(services.GetRequiredService<IPublicationStore>(), published, Now.AddDays(-1));
            Publish(services.GetRequiredService<IPublicationStore>(), scheduled, Now.AddHours(3));
            await services.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using var read = store.Scope();
        var facts = await read.ServiceProvider.GetRequiredService<IDashboardSource>().LoadAsync(Now, ct);
        var documents = await read.ServiceProvider.GetRequiredService<IDashboardSource>().ReadDocumentsAsync([published.Id], ct);

        var fact = Assert.Single(facts.Published);
        Assert.Equal(published.Id, fact.CaseId);
        Assert.Equal((Now.AddDays(-1), published.CreatedAt, Now.AddDays(-25)), (fact.PublishedAt, fact.ReportedAt, fact.FirstSharedAt));
        Assert.Equal(["s1"], fact.Signals.Select(s => s.Id));
        Assert.Equal([("DE", "t", 1)], fact.Shares.Select(s => (s.Partner, s.TreatyId, s.TreatyVersion)));
        Assert.Equal(Now.AddDays(-29), fact.Reports["early-warning"]);
        Assert.Equal((3, 1, 1), (facts.Received, facts.Coordinating, facts.ClosedUnpublished));
        Assert.Equal(Now.AddHours(3), facts.NextPublicationAt);
        Assert.Equal(published.Title, PublicAdvisoryReader.Read(documents[published.Id]).Title);
    }

    private static CaseFieldsUpdate Fields(string title) => new()
    {
        Title = title, Synopsis = "s", Vendor = "Acme", Product = "Bot", TaxonomyClass = "prompt-injection", Component = "guardrails", Tlp = Tlp.Green,
    };

    private static void Publish(IPublicationStore store, Case @case, DateTimeOffset at)
    {
        var publication = AdvisoryPublication.Initial(new AdvisoryPublisher("CERT", new Uri("https://cert.example")), @case.Id,
            new AdvisoryRemediation(RemediationCategory.VendorFix, "Update."), at);
        store.AddAdvisory(new PublishedAdvisory(@case.Id, publication, CsafAdvisoryBuilder.Build(@case, publication)));
    }
}
