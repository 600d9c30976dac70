using Federation.Contracts.V1;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// Deletion that deletes: after a withdrawal or a narrowing is applied (and after a case field is
/// cleared at home), no byte of the removed content stays in the node's data folder, neither while
/// the node runs (database, write-ahead log, shared memory) nor after it stops. The probe reads every
/// file for unique canaries in UTF-8 and UTF-16, and first checks that it does find them.
/// </summary>
public sealed class ErasureTests
{
    private static readonly TimeSpan ErasureBound = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Withdrawal_Applied_NoCanaryInReceiverFilesWhileRunningOrAfterStop()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var canary = Canary.New();
        var (fr, caseId) = await ShareCanaryCaseAsync(federation, canary);
        var de = federation["DE"];

        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = caseId, WithdrawAll = true }, cancellationToken: Ct);
        var deAdmin = de.AdminClient();
        await Eventually.UntilAsync(async () => await deAdmin.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 0, "DE to apply the withdrawal");

        await AssertErasedAsync(de.DataDirectory, canary.All, "DE's files while it runs");
        await de.StopAsync();
        Assert.Empty(DataFolder.Find(de.DataDirectory, canary.All));
    }

    [Fact]
    public async Task Narrowing_Applied_NoRemovedFieldInReceiverFilesWhileRunningOrAfterStop()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var canary = Canary.New();
        var (fr, caseId) = await ShareCanaryCaseAsync(federation, canary);
        var de = federation["DE"];

        // The reporter no longer allows naming the vendor or themselves: the next revision carries neither.
        var narrowed = await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = caseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        var deAdmin = de.AdminClient();
        var held = await Eventually.UntilAsync(async () => await deAdmin.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 1 && r.Summaries[0].Summary.Revision == narrowed.Revision, "DE to apply the narrower revision");
        Assert.DoesNotContain(held.Summaries[0].Summary.Fields(), f => f.Name is "vendor" or "reporter_name");

        await AssertErasedAsync(de.DataDirectory, [canary.Vendor, canary.Reporter], "DE's files while it runs");
        // What is still allowed is still held, and the probe still sees it.
        Assert.NotEmpty(DataFolder.Find(de.DataDirectory, canary.Title));
        await de.StopAsync();
        Assert.Empty(DataFolder.Find(de.DataDirectory, canary.Vendor, canary.Reporter));
        Assert.NotEmpty(DataFolder.Find(de.DataDirectory, canary.Title));
    }

    [Fact]
    public async Task CaseFieldCleared_AtHome_NoCanaryInOriginFilesWhileRunningOrAfterStop()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fr = federation["FR"];
        var admin = fr.AdminClient();
        var contact = $"contact-{Guid.NewGuid():N}@example.org";
        var description = $"description-canary-{Guid.NewGuid():N}";
        var created = await admin.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields { Title = "Jailbreak of a tax assistant", ReporterContact = contact, TechnicalDescription = description, Tlp = TlpLabel.Amber, Sector = "finance" },
        }, cancellationToken: Ct);
        Assert.Equal(2, Distinct(DataFolder.Find(fr.DataDirectory, contact, description)));

        // The reporter asks to be forgotten: the contact is cleared, the description rewritten.
        await admin.Cases.UpdateCaseAsync(new UpdateCaseRequest
        {
            FederationCaseId = created.FederationCaseId,
            Fields = new CaseFields { ReporterContact = "", TechnicalDescription = "Rewritten without the reporter's details." },
        }, cancellationToken: Ct);

        await AssertErasedAsync(fr.DataDirectory, [contact, description], "FR's files while it runs");
        await fr.StopAsync();
        Assert.Empty(DataFolder.Find(fr.DataDirectory, contact, description));
    }

    private static async Task<(AdminClients Fr, string CaseId)> ShareCanaryCaseAsync(TestFederation federation, Canary canary)
    {
        var fr = federation["FR"].AdminClient();
        var de = federation["DE"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields
            {
                Title = canary.Title, Vendor = canary.Vendor, ReporterName = canary.Reporter, Product = "Vision", Tlp = TlpLabel.Amber, Sector = "transport",
            },
        }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest
        {
            FederationCaseId = created.FederationCaseId, Scopes = { "share-summary", "share-vendor", "share-reporter" },
        }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { "DE" } }, cancellationToken: Ct);
        var held = await Eventually.UntilAsync(async () => await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 1, "DE to receive the summary");
        Assert.Contains(held.Summaries[0].Summary.Fields(), f => f.Name == "reporter_name" && f.Value == canary.Reporter);
        // The probe can fail: every canary is readable in the receiver's files before anything is removed.
        Assert.Equal(3, Distinct(DataFolder.Find(federation["DE"].DataDirectory, canary.All)));
        return (fr, created.FederationCaseId);
    }

    /// <summary>Bounded: the erasure follows the commit in the background; the failure names the files still holding a canary.</summary>
    private static async Task AssertErasedAsync(string folder, string[] canaries, string where)
    {
        IReadOnlyList<string> found = [];
        try
        {
            await Eventually.UntilAsync(() => Task.FromResult(found = DataFolder.Find(folder, canaries)), f => f.Count == 0, $"the canaries to be erased from {where}", ErasureBound);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Removed content is still readable in {where}: {string.Join("; ", found)}");
        }
    }

    // How many of the canaries were found at all (in any file, any encoding).
    private static int Distinct(IReadOnlyList<string> found) => found.Select(f => f.Split(": ")[1].Split(' ')[0]).Distinct().Count();

    private sealed record Canary(string Title, string Vendor, string Reporter)
    {
        public string[] All => [Title, Vendor, Reporter];

        public static Canary New()
        {
            var id = Guid.NewGuid().ToString("N");
            return new Canary($"Title canary {id}", $"Vendor canary {id}", $"Reporter canary {id}");
        }
    }
}
