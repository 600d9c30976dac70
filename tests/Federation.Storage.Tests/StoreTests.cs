using Federation.Core;
using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Storage.Tests;

public sealed class StoreTests
{
    private static readonly JurisdictionCode Fr = JurisdictionCode.Parse("FR");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Initialize_SqliteFile_IsInWalMode()
    {
        await using var store = await StoreFixture.CreateAsync();

        Assert.Equal("wal", await store.JournalModeAsync());
    }

    [Fact]
    public async Task Case_SavedAndReloaded_KeepsFieldsConsentAndInstants()
    {
        await using var store = await StoreFixture.CreateAsync();
        var @case = Case.Create(Fr, new CaseFieldsUpdate { Title = "t", Vendor = "Acme", Tlp = Tlp.Green }, _clock);
        @case.RecordConsent([ConsentScope.ShareVendor, ConsentScope.ShareSummary], _clock);
        await using (var scope = store.Scope())
        {
            scope.ServiceProvider.GetRequiredService<ICaseStore>().Add(@case);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var read = store.Scope();
        var loaded = await read.ServiceProvider.GetRequiredService<ICaseStore>().FindAsync(@case.Id, TestContext.Current.CancellationToken);

        Assert.NotNull(loaded);
        Assert.Equal(["share-summary", "share-vendor"], loaded.ConsentScopes);
        Assert.Equal(Tlp.Green, loaded.Tlp);
        Assert.Equal(@case.CreatedAt, loaded.CreatedAt);
        Assert.Equal(2, loaded.Revision);
    }

    [Fact]
    public async Task Audit_AppendedAcrossCommits_FormsOneUnbrokenChain()
    {
        await using var store = await StoreFixture.CreateAsync();
        for (var commit = 0; commit < 3; commit++)
        {
            await using var scope = store.Scope();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            audit.Append(AuditEntry.Create(_clock, "case.created", "operator", $"c{commit}", "ok"));
            audit.Append(AuditEntry.Create(_clock, "share.decided", "operator", $"c{commit}", "allowed"));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using (var scope = store.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendNowAsync(
                AuditEntry.Create(_clock, "peer.rejected", "remote:x", null, "rejected"), TestContext.Current.CancellationToken);
        }

        await using var read = store.Scope();
        var entries = await read.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100, TestContext.Current.CancellationToken);

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], entries.Select(e => e.Sequence));
        Assert.Null(AuditChain.FirstBreak(entries));
    }

    [Fact]
    public async Task Inbox_SameMessageIdTwice_AlreadyExistsAndFirstKept()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = store.Scope())
        {
            scope.ServiceProvider.GetRequiredService<IInbox>().Add(new InboxEntry("DE-M-1", "DE", "hash-1", _clock.GetUtcNow()));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using (var scope = store.Scope())
        {
            scope.ServiceProvider.GetRequiredService<IInbox>().Add(new InboxEntry("DE-M-1", "DE", "hash-2", _clock.GetUtcNow()));
            var error = await Assert.ThrowsAsync<FederationException>(() => scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct));
            Assert.Equal(ErrorCode.AlreadyExists, error.Code);
        }

        await using var read = store.Scope();
        var kept = await read.ServiceProvider.GetRequiredService<IInbox>().FindAsync("DE-M-1", ct);
        Assert.Equal("hash-1", kept!.ContentHash);
    }

    [Fact]
    public async Task Outbox_Due_OnlyPendingAndDueInTimeOrder()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var now = _clock.GetUtcNow();
        var backoff = new DeliveryBackoff(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), 10);
        await using (var scope = store.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            var later = new OutboxMessage("FR-M-2", "DE", null, 1, [2], now.AddSeconds(1));
            var first = new OutboxMessage("FR-M-1", "DE", null, 1, [1], now);
            var done = new OutboxMessage("FR-M-3", "DE", null, 1, [3], now);
            done.MarkDelivered(now);
            var retrying = new OutboxMessage("FR-M-4", "JP", null, 1, [4], now);
            retrying.MarkAttemptFailed("Unavailable", permanent: false, backoff, now);
            foreach (var m in new[] { later, first, done, retrying })
            {
                outbox.Enqueue(m);
            }

            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using var read = store.Scope();
        var due = await read.ServiceProvider.GetRequiredService<IOutbox>().DueAsync(now.AddSeconds(2), 10, [], ct);

        Assert.Equal(["FR-M-1", "FR-M-2"], due.Select(m => m.Id));
    }

    [Fact]
    public async Task Outbox_HeldRecipient_SkippedUntouchedOthersDue()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var now = _clock.GetUtcNow();
        await using (var scope = store.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            outbox.Enqueue(new OutboxMessage("FR-M-1", "DE", null, 1, [1], now));
            outbox.Enqueue(new OutboxMessage("FR-M-2", "JP", null, 1, [2], now));
            outbox.Enqueue(new OutboxMessage("FR-M-3", "DE", null, 1, [3], now));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using var read = store.Scope();
        var due = await read.ServiceProvider.GetRequiredService<IOutbox>().DueAsync(now.AddSeconds(1), 10, ["DE"], ct);

        Assert.Equal(["FR-M-2"], due.Select(m => m.Id));
        Assert.Equal(2, await read.ServiceProvider.GetRequiredService<IOutbox>().PendingCountAsync("DE", ct));
    }

    [Fact]
    public async Task Case_TwoConcurrentEdits_SecondGetsConflictAndFirstIsKept()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var @case = Case.Create(Fr, new CaseFieldsUpdate { Title = "t" }, _clock);
        await using (var scope = store.Scope())
        {
            scope.ServiceProvider.GetRequiredService<ICaseStore>().Add(@case);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using var first = store.Scope();
        await using var second = store.Scope();
        var a = await first.ServiceProvider.GetRequiredService<ICaseStore>().FindAsync(@case.Id, ct);
        var b = await second.ServiceProvider.GetRequiredService<ICaseStore>().FindAsync(@case.Id, ct);
        a!.Update(new CaseFieldsUpdate { Title = "first" }, _clock);
        b!.Update(new CaseFieldsUpdate { Title = "second" }, _clock);
        await first.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);

        var error = await Assert.ThrowsAsync<FederationException>(() => second.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        await using var read = store.Scope();
        Assert.Equal("first", (await read.ServiceProvider.GetRequiredService<ICaseStore>().FindAsync(@case.Id, ct))!.Title);
    }

    [Fact]
    public async Task Inbox_FindMany_AnswersForNoneOneAndSeveralIds()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = store.Scope())
        {
            var inbox = scope.ServiceProvider.GetRequiredService<IInbox>();
            inbox.Add(new InboxEntry("DE-M-1", "DE", "h1", _clock.GetUtcNow()));
            inbox.Add(new InboxEntry("DE-M-2", "DE", "h2", _clock.GetUtcNow()));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using var read = store.Scope();
        var reader = read.ServiceProvider.GetRequiredService<IInbox>();
        using var commands = CommandTexts.Of(read.ServiceProvider.GetRequiredService<FederationDbContext>());

        Assert.Empty(await reader.FindManyAsync([], ct));
        Assert.Equal("h1", (await reader.FindManyAsync(["DE-M-1"], ct))["DE-M-1"].ContentHash);
        Assert.Empty(await reader.FindManyAsync(["DE-M-9"], ct));
        Assert.Equal(["DE-M-1", "DE-M-2"], (await reader.FindManyAsync(["DE-M-1", "DE-M-2", "DE-M-9"], ct)).Keys.Order());
        // A set, as the receive path may pass one: the ids travel as one array parameter whatever the collection.
        var set = new HashSet<string>(StringComparer.Ordinal) { "DE-M-2", "DE-M-9", "DE-M-8" };
        Assert.Equal(["DE-M-2"], (await reader.FindManyAsync(set, ct)).Keys);
        // EF Core checks whether anyone listens at most once a second (its logging cache), so the lookup is asked again,
        // a bounded number of times, until it has been seen.
        for (var attempt = 0; attempt < 30 && commands.All.Count == 0; attempt++)
        {
            await Task.Delay(100, ct);
            await reader.FindManyAsync(set, ct);
        }

        var lookup = commands.All[^1];
        Assert.Contains("json_each(", lookup, StringComparison.Ordinal);
        // One parameter (the array), not one per id: the text is the same for every count of ids.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(lookup, @"@\w+").Select(m => m.Value).Distinct());
    }

    /// <summary>
    /// The batch's other lookups by a set of keys (fingerprints, partner case ids, quarantined message ids): each runs one
    /// SQL text with the keys as one array parameter, the same text for one key as for three, whatever collection the
    /// caller passes. EF Core 10 would otherwise bind a parameter per key and build the SQL again for each count.
    /// </summary>
    [Fact]
    public async Task SetLookups_OneSqlTextWithOneArrayParameter_WhateverTheCount()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var fingerprint = new string('a', 64);
        await using (var scope = store.Scope())
        {
            var summary = new ReceivedSummary("FR-2026-0001", "FR");
            summary.Apply(1, _clock.GetUtcNow(), Tlp.Amber, [new(Federation.Core.Sharing.SummaryField.FingerprintName, fingerprint)], "t", 1, "FR-M-1", _clock.GetUtcNow());
            var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
            db.ReceivedSummaries.Add(summary);
            scope.ServiceProvider.GetRequiredService<IQuarantine>().Add(new QuarantinedEnvelope("FR-M-2", "FR", null, "h", [1, 2, 3], "boom", _clock.GetUtcNow()));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using var read = store.Scope();
        var inbox = read.ServiceProvider.GetRequiredService<IInbox>();
        var cases = read.ServiceProvider.GetRequiredService<ICaseStore>();
        var quarantine = read.ServiceProvider.GetRequiredService<IQuarantine>();
        using var commands = CommandTexts.Of(read.ServiceProvider.GetRequiredService<FederationDbContext>());
        static HashSet<string> Set(params string[] values) => new(values, StringComparer.Ordinal);

        Assert.Equal(["FR-2026-0001"], (await inbox.FindSummariesByFingerprintsAsync(Set(fingerprint, new string('b', 64)), ct)).Select(s => s.CaseId));
        Assert.Equal(["FR-M-2"], (await quarantine.FindManyAsync(Set("FR-M-2", "FR-M-3"), ct)).Keys);

        async Task<string> TextOfAsync(string table, Func<Task> lookup)
        {
            // EF Core checks whether anyone listens at most once a second, so the lookup is asked again until it is seen.
            for (var attempt = 0; attempt < 30; attempt++)
            {
                commands.Clear();
                await lookup();
                if (commands.All.LastOrDefault(t => t.Contains(table, StringComparison.Ordinal)) is { } text)
                {
                    return text;
                }

                await Task.Delay(100, ct);
            }

            throw new Xunit.Sdk.XunitException($"No SQL on {table} was seen.");
        }

        var lookups = new (string Table, Func<HashSet<string>, Task> Lookup)[]
        {
            ("\"ReceivedSummaries\"", keys => inbox.FindSummariesByFingerprintsAsync(keys, ct)),
            ("\"CaseFingerprints\"", keys => cases.FindByFingerprintsAsync(keys, ct)),
            ("\"CaseLinks\"", keys => cases.ListLinksToAsync(keys, ct)),
            ("\"Quarantine\"", keys => quarantine.FindManyAsync(keys, ct)),
        };
        foreach (var (table, lookup) in lookups)
        {
            var one = await TextOfAsync(table, () => lookup(Set("k1")));
            var three = await TextOfAsync(table, () => lookup(Set("k1", "k2", "k3")));
            Assert.Contains("json_each(", three, StringComparison.Ordinal);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(three, @"@\w+").Select(m => m.Value).Distinct());
            Assert.Equal(one, three);
        }
    }

    [Fact]
    public async Task Scope_FirstHotQueryOpensTheConnection_ClosedWhenTheContextReturnsToThePool()
    {
        await using var store = await StoreFixture.CreateAsync();
        System.Data.Common.DbConnection connection;
        await using (var scope = store.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
            connection = Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database);
            Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
            await scope.ServiceProvider.GetRequiredService<ICaseStore>().FindAsync("FR-2026-NONE", TestContext.Current.CancellationToken);
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        }

        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
    }

    [Fact]
    public async Task EmbargoContext_AddedEarlierInTheSameUnitOfWork_IsFoundBeforeItIsSaved()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var scope = store.Scope();
        var embargoes = scope.ServiceProvider.GetRequiredService<Federation.Core.Embargoes.IEmbargoStore>();
        var added = new Federation.Core.Embargoes.EmbargoContextRecord("DE-2026-0001");
        embargoes.AddContext(added);

        // Two first signals for one partner case in one inbox batch: the second must see the first's context.
        Assert.Same(added, await embargoes.FindContextAsync("DE-2026-0001", ct));
        Assert.Null(await embargoes.FindContextAsync("DE-2026-0002", ct));
    }
}
