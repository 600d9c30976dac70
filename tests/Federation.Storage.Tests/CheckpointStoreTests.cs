using System.Security.Cryptography;
using Federation.Core;
using Federation.Core.Abstractions;
using Federation.Core.Transparency;
using Federation.Transparency;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage.Tests;

/// <summary>Checkpoints as the store keeps them: cosignatures merged by the store, whoever writes them.</summary>
public sealed class CheckpointStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static byte[] Root(int size, byte variant) => SHA256.HashData([.. BitConverter.GetBytes(size), variant]);

    [Fact]
    public async Task MergeLatest_CosignaturesFromTwoProcessesAtOnce_AndARestart_EveryOneKept()
    {
        var ct = TestContext.Current.CancellationToken;
        using var logKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var checkpoint = new Checkpoint("federation.audit/de", 42, SHA256.HashData("root"u8), At);
        var signed = new NoteSigner("federation.audit/de", logKey).Sign(checkpoint).Format();
        const int perProcess = 6;
        await using var first = await StoreFixture.CreateAsync();
        await using (var scope = first.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().AddAsync(new StoredCheckpoint("DE", 42, checkpoint.RootHash, At, signed), ct);
        }

        // Two stores on one file that share nothing in memory, as two processes: each round, one witness of each
        // cosigns at the same moment, and only the store's lock orders their merges.
        await using var second = first.SecondWriter();
        using var round = new Barrier(2);
        void Cosign(StoreFixture store, string process)
        {
            for (var i = 0; i < perProcess; i++)
            {
                using var witnessKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var cosignature = new NoteSigner($"federation.audit/w{process}{i}", witnessKey).Cosign(checkpoint, At.AddSeconds(i));
                using var scope = store.Services.CreateScope();
                var checkpoints = scope.ServiceProvider.GetRequiredService<ICheckpointStore>();
                round.SignalAndWait(TimeSpan.FromSeconds(30), ct);
                checkpoints.MergeLatestAsync("DE", latest =>
                {
                    var note = SignedNote.Parse(latest!.Note);
                    return latest with { Note = new SignedNote(note.Text, [.. note.Signatures, cosignature]).Format() };
                }, ct).GetAwaiter().GetResult();
            }
        }

        await Task.WhenAll(Task.Run(() => Cosign(first, "a"), ct), Task.Run(() => Cosign(second, "b"), ct)).WaitAsync(TimeSpan.FromSeconds(60), ct);

        // A restart: a store of its own on the file, nothing kept in memory from the writers.
        await using var restarted = first.SecondWriter();
        await using var read = restarted.Scope();
        var store = read.ServiceProvider.GetRequiredService<ICheckpointStore>();
        var latest = SignedNote.Parse((await store.LatestAsync("DE", ct))!.Note);
        var listed = Assert.Single(await store.ListAsync("DE", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, ct));
        var expected = new[] { "a", "b" }.SelectMany(p => Enumerable.Range(0, perProcess).Select(i => $"federation.audit/w{p}{i}")).Order().ToList();
        Assert.Equal(expected, latest.Signatures.Select(s => s.KeyName).Where(n => n != "federation.audit/de").Order());
        Assert.Equal(latest.Format(), listed.Note);
    }

    [Fact]
    public async Task ForExport_ReadsOnlyTheCheckpointsABundleOfTheRangeHolds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using var scope = store.Scope();
        var checkpoints = scope.ServiceProvider.GetRequiredService<ICheckpointStore>();
        // A checkpoint every 10 leaves up to 5,000; the one of size 2,000 also cosigned (kept again, with the line added),
        // and two heads of size 2,050 (a fork's evidence, both kept); a partner's log of the same sizes beside it.
        for (var size = 10; size <= 5_000; size += 10)
        {
            var at = At.AddMinutes(size);
            await checkpoints.AddAsync(new StoredCheckpoint("FR", size, Root(size, 0), at, $"fr {size}"), ct);
            await checkpoints.AddAsync(new StoredCheckpoint("federation.audit/de", size, Root(size, 0), at, $"de {size}"), ct);
        }

        await checkpoints.AddAsync(new StoredCheckpoint("FR", 2_000, Root(2_000, 0), At.AddMinutes(2_000), "fr 2000 + cosignature"), ct);
        await checkpoints.AddAsync(new StoredCheckpoint("FR", 2_050, Root(2_050, 1), At.AddMinutes(2_051), "fr 2050 other root"), ct);

        var range = await checkpoints.ForExportAsync("FR", 2_005, 2_100, ct);
        var fromZero = await checkpoints.ForExportAsync("FR", 0, 25, ct);
        var atEnd = await checkpoints.ForExportAsync("FR", 4_990, 5_000, ct);

        Assert.Equal(["fr 2000 + cosignature", "fr 2010", "fr 2020", "fr 2030", "fr 2040", "fr 2050", "fr 2050 other root", "fr 2060", "fr 2070", "fr 2080", "fr 2090", "fr 2100", "fr 5000"],
            range.Select(c => c.Note));
        Assert.Equal(["fr 10", "fr 20", "fr 30", "fr 5000"], fromZero.Select(c => c.Note));
        Assert.Equal(["fr 4990", "fr 5000"], atEnd.Select(c => c.Note));
    }

    [Fact]
    public async Task MergeLatest_MergeSaysNothingOrThrows_NothingKept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using var scope = store.Scope();
        var checkpoints = scope.ServiceProvider.GetRequiredService<ICheckpointStore>();
        await checkpoints.AddAsync(new StoredCheckpoint("FR", 3, SHA256.HashData("r"u8), At, "note"), ct);

        var unchanged = await checkpoints.MergeLatestAsync("FR", _ => null, ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => checkpoints.MergeLatestAsync("FR", _ => throw new InvalidOperationException("refused"), ct));
        var none = await checkpoints.MergeLatestAsync("JP", l => l, ct);

        Assert.Equal("note", unchanged!.Note);
        Assert.Null(none);
        Assert.Single(await checkpoints.ListAsync("FR", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, ct));
    }

    [Fact]
    public async Task AForkClearedTwiceAtOnce_TheSecondClearConflicts_AndTheFirstStands()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        var known = new StoredCheckpoint("DE", 5, SHA256.HashData("a"u8), At, "known");
        var conflicting = new StoredCheckpoint("DE", 5, SHA256.HashData("b"u8), At, "conflicting");
        await using (var scope = store.Scope())
        {
            scope.ServiceProvider.GetRequiredService<ILogForkStore>().Add(new LogFork("DE", "federation.audit/de", "same size, other root", known, conflicting, At));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        // Two operators read the same open fork, then both clear it.
        await using var first = store.Scope();
        await using var second = store.Scope();
        var forFirst = await first.ServiceProvider.GetRequiredService<ILogForkStore>().OpenAsync("federation.audit/de", ct);
        var forSecond = await second.ServiceProvider.GetRequiredService<ILogForkStore>().OpenAsync("federation.audit/de", ct);
        await first.ServiceProvider.GetRequiredService<ILogForkStore>().ClearAsync(forFirst[0], "alice", "looked at it", At.AddMinutes(1), ct);
        await first.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        await second.ServiceProvider.GetRequiredService<ILogForkStore>().ClearAsync(forSecond[0], "bob", "looked too", At.AddMinutes(2), ct);

        var conflict = await Assert.ThrowsAsync<FederationException>(() => second.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct));

        Assert.Equal(ErrorCode.Conflict, conflict.Code);
        await using var read = store.Scope();
        var fork = Assert.Single((await read.ServiceProvider.GetRequiredService<ILogForkStore>().ListAsync(new PageRequest(10, null), ct)).Items);
        Assert.Equal("alice", fork.ClearedBy);
    }

    [Fact]
    public async Task ASecondOpenForkOfOneLog_IsRefusedAsAlreadyThere_WhileAClearedOneDoesNotBlockANewFork()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        var known = new StoredCheckpoint("DE", 5, SHA256.HashData("a"u8), At, "known");
        var conflicting = new StoredCheckpoint("DE", 5, SHA256.HashData("b"u8), At, "conflicting");
        LogFork Fork() => new("DE", "federation.audit/de", "same size, other root", known, conflicting, At);
        // Two witnesses on one store (replicas) each found the fork before either saved it.
        await using var first = store.Scope();
        await using var second = store.Scope();
        first.ServiceProvider.GetRequiredService<ILogForkStore>().Add(Fork());
        second.ServiceProvider.GetRequiredService<ILogForkStore>().Add(Fork());
        await first.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);

        // That rule's violation, and only that one, is the domain's own exception (the witness answers it "recorded already").
        await Assert.ThrowsAsync<ForkRecordedAlreadyException>(() => second.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct));

        await using (var clear = store.Scope())
        {
            var open = Assert.Single(await clear.ServiceProvider.GetRequiredService<ILogForkStore>().OpenAsync("federation.audit/de", ct));
            Assert.Single(await clear.ServiceProvider.GetRequiredService<ILogForkStore>().AllOpenAsync(10, ct));
            await clear.ServiceProvider.GetRequiredService<ILogForkStore>().ClearAsync(open, "alice", "looked at it", At.AddMinutes(1), ct);
            await clear.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        // Once cleared, the same log can fork again: the index holds open forks only.
        await using (var again = store.Scope())
        {
            again.ServiceProvider.GetRequiredService<ILogForkStore>().Add(Fork());
            await again.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
            Assert.Single(await again.ServiceProvider.GetRequiredService<ILogForkStore>().AllOpenAsync(10, ct));
        }
    }

    [Fact]
    public async Task APartnersCheckpointsKeptWithTheirCertificate_TheCertificateOncePerLog_FoundByItsKeyId()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        byte[] first = [1, 2, 3], renewed = [4, 5, 6], other = [7, 8, 9];
        await using (var scope = store.Scope())
        {
            var checkpoints = scope.ServiceProvider.GetRequiredService<ICheckpointStore>();
            await checkpoints.AddAsync(new StoredCheckpoint("federation.audit/de", 3, Root(3, 0), At, "de 3"), new SignerCertificate(0xA1, first), ct);
            await checkpoints.AddAsync(new StoredCheckpoint("federation.audit/de", 4, Root(4, 0), At.AddMinutes(1), "de 4"), new SignerCertificate(0xA1, first), ct);
            // The same key in a renewed certificate, and a certificate of another key.
            await checkpoints.AddAsync(new StoredCheckpoint("federation.audit/de", 5, Root(5, 0), At.AddMinutes(2), "de 5"), new SignerCertificate(0xA1, renewed), ct);
            await checkpoints.AddAsync(new StoredCheckpoint("federation.audit/de", 6, Root(6, 0), At.AddMinutes(3), "de 6"), new SignerCertificate(0xB2, other), ct);
            await checkpoints.AddAsync(new StoredCheckpoint("federation.audit/jp", 6, Root(6, 0), At.AddMinutes(3), "jp 6"), new SignerCertificate(0xA1, other), ct);
        }

        // Read back by a store of its own (a restart).
        await using var restarted = store.SecondWriter();
        await using var read = restarted.Scope();
        var kept = read.ServiceProvider.GetRequiredService<ICheckpointStore>();
        Assert.Equal([renewed, first], await kept.SignerCertificatesAsync("federation.audit/de", 0xA1, ct));
        Assert.Equal([other], await kept.SignerCertificatesAsync("federation.audit/de", 0xB2, ct));
        Assert.Equal([other], await kept.SignerCertificatesAsync("federation.audit/jp", 0xA1, ct));
        Assert.Empty(await kept.SignerCertificatesAsync("federation.audit/de", 0xC3, ct));
        Assert.Equal(4, (await kept.ListAsync("federation.audit/de", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, ct)).Count);
    }

    [Fact]
    public async Task ConsistencyRefusals_CountedByTwoStoresOnOneFile_AddUp_AndStartOver()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await StoreFixture.CreateAsync();
        await using var second = first.SecondWriter();
        async Task<int> CountAsync(StoreFixture store, string log)
        {
            await using var scope = store.Scope();
            return await scope.ServiceProvider.GetRequiredService<IConsistencyRefusalStore>().CountAsync(log, At, ct);
        }

        async Task ResetAsync(StoreFixture store, string log)
        {
            await using var scope = store.Scope();
            await scope.ServiceProvider.GetRequiredService<IConsistencyRefusalStore>().ResetAsync(log, ct);
        }

        var counts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => CountAsync(i % 2 == 0 ? first : second, "federation.audit/de"), ct)));
        Assert.Equal(Enumerable.Range(1, 8), counts.Order());
        Assert.Equal(1, await CountAsync(second, "federation.audit/jp"));

        await ResetAsync(second, "federation.audit/de");
        await ResetAsync(first, "federation.audit/us");

        Assert.Equal(1, await CountAsync(first, "federation.audit/de"));
        Assert.Equal(2, await CountAsync(first, "federation.audit/jp"));
    }
}
