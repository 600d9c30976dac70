using System.Globalization;
using Federation.Core.Audit;
using Federation.Core.Transparency;
using Federation.Storage.Transparency;
using Federation.Testing;
using Federation.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Storage.Tests;

/// <summary>The log as the store keeps it: sequenced in the commit, nodes in one table, proofs equal to the in-memory tree's.</summary>
public sealed class TransparencyLogStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Proofs_FromStoreAtEverySize_EqualInMemoryTreeAndVerify()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var tree = new MerkleTree();
        var commits = 0;
        while (tree.Size < 100)
        {
            // Commits of 1 to 5 entries, so leaves finish subtrees both within one commit and across commits.
            await AppendAsync(store, (commits++ % 5) + 1, ct);
            await using var scope = store.Scope();
            var log = scope.ServiceProvider.GetRequiredService<ITransparencyLog>();
            var head = await log.HeadAsync(ct);
            foreach (var leaf in await log.LeavesAsync(tree.Size, (int)(head.Size - tree.Size), ct))
            {
                Assert.Equal(tree.Size, leaf.Index);
                tree.Append(leaf.Hash());
            }

            Assert.Equal(tree.Size, head.Size);
            Assert.Equal(tree.Root(), head.RootHash);
            for (long index = 0; index < head.Size; index++)
            {
                var path = await log.InclusionProofAsync(index, head.Size, ct);
                Assert.Equal(tree.InclusionProof(index, head.Size), path);
                Assert.True(MerkleVerifier.VerifyInclusion(index, head.Size, tree.Node(new NodeAddress(0, index)), path, head.RootHash));
            }

            for (long old = 1; old <= head.Size; old++)
            {
                var proof = await log.ConsistencyProofAsync(old, head.Size, ct);
                Assert.Equal(tree.ConsistencyProof(old, head.Size), proof);
                Assert.True(MerkleVerifier.VerifyConsistency(old, head.Size, proof, tree.Root(old), head.RootHash));
            }
        }
    }

    [Fact]
    public async Task Proof_SizeBeyondHead_InvalidArgumentNamingTheSize()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(store, 3, ct);
        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<ITransparencyLog>();

        var error = await Assert.ThrowsAsync<Federation.Core.FederationException>(() => log.InclusionProofAsync(0, 4, ct));

        Assert.Equal(Federation.Core.ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("3 leaves", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_TwoWritersSharingNothingInMemory_IndicesDenseAndTreeValid()
    {
        await using var first = await StoreFixture.CreateAsync();
        await using var second = first.SecondWriter();
        var ct = TestContext.Current.CancellationToken;
        const int commits = 25;

        // Each round, both writers stage their entries and then race for the write lock at the same moment: only
        // SQLite's lock (BEGIN IMMEDIATE) decides who appends first, and the other must read the head it left.
        using var round = new Barrier(2);
        void Write(StoreFixture store, string name)
        {
            for (var i = 0; i < commits; i++)
            {
                using var scope = store.Services.CreateScope();
                var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
                audit.Append(AuditEntry.Create(_clock, AuditKinds.CaseUpdated, name, $"c{i}", "ok", $"commit={i}"));
                audit.Append(AuditEntry.Create(_clock, AuditKinds.ShareDecided, name, $"c{i}", "allowed", $"commit={i}"));
                round.SignalAndWait(TimeSpan.FromSeconds(30), ct);
                scope.ServiceProvider.GetRequiredService<Federation.Core.Abstractions.IUnitOfWork>().SaveChangesAsync(ct).GetAwaiter().GetResult();
            }
        }

        var writers = new[] { Task.Run(() => Write(first, "writer-a"), ct), Task.Run(() => Write(second, "writer-b"), ct) };
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60), ct);

        await using var scope = first.Scope();
        var entries = await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 1000, ct);
        Assert.Equal(Enumerable.Range(1, 4 * commits).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(2 * commits, entries.Count(e => e.Actor == "writer-b"));
        // Each commit's two entries are adjacent: a commit is sequenced whole, never split by the other writer's.
        Assert.All(entries.Chunk(2), pair => Assert.Equal(pair[0].Actor, pair[1].Actor));
        Assert.Null(AuditChain.FirstBreak(entries));
        var tree = new MerkleTree();
        foreach (var entry in entries)
        {
            Assert.Equal(entry.ToLeaf().Hash(), entry.LeafHash);
            tree.Append(entry.ToLeaf().Hash());
        }

        var head = await scope.ServiceProvider.GetRequiredService<ITransparencyLog>().HeadAsync(ct);
        Assert.Equal(tree.Size, head.Size);
        Assert.Equal(tree.Root(), head.RootHash);
        await AssertNodesAreTreeAsync(first, tree, ct);
    }

    [Fact]
    public async Task Backfill_EntriesWrittenBeforeTheLog_JoinTheTreeInSequenceOrder()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        // The old way: sealed into the linear chain only, written by plain SQL without any leaf column.
        const int count = 4321;
        await OldAuditChain.WriteAsync(store.ConnectionString, count, _clock, ct, i => i % 3 == 0 ? null : $"fields=title; n={i}");

        await store.InitializeAgainAsync();
        await AppendAsync(store, 2, ct);

        await using var scope = store.Scope();
        var entries = await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, count + 10, ct);
        Assert.Equal(count + 2, entries.Count);
        Assert.Null(AuditChain.FirstBreak(entries));
        var tree = new MerkleTree();
        foreach (var entry in entries)
        {
            Assert.True(entry.Opens(entry.Detail), $"entry {entry.Sequence}'s salt does not open its commitment");
            tree.Append(entry.ToLeaf().Hash());
        }

        var head = await scope.ServiceProvider.GetRequiredService<ITransparencyLog>().HeadAsync(ct);
        Assert.Equal(count + 2, head.Size);
        Assert.Equal(tree.Root(), head.RootHash);
        await AssertNodesAreTreeAsync(store, tree, ct);
    }

    [Fact]
    public async Task EraseDetail_EntryInTheLog_LeafUnchangedAndCommitmentNoLongerOpens()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(store, 3, ct);
        string detail;
        await using (var scope = store.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
            var entry = await db.Audit.SingleAsync(a => a.Sequence == 2, ct);
            detail = entry.Detail!;
            entry.EraseDetail();
            await db.SaveChangesAsync(ct);
        }

        await using var read = store.Scope();
        var erased = await read.ServiceProvider.GetRequiredService<FederationDbContext>().Audit.AsNoTracking().SingleAsync(a => a.Sequence == 2, ct);
        var log = read.ServiceProvider.GetRequiredService<ITransparencyLog>();
        var head = await log.HeadAsync(ct);
        Assert.Null(erased.Detail);
        Assert.Null(erased.Salt);
        Assert.False(erased.Opens(detail));
        Assert.Equal(erased.LeafHash, erased.ToLeaf().Hash());
        var path = await log.InclusionProofAsync(1, head.Size, ct);
        Assert.True(MerkleVerifier.VerifyInclusion(1, head.Size, erased.ToLeaf().Hash(), path, head.RootHash));
    }

    [Fact]
    public async Task FindMessage_EntriesAboutOneMessage_TheirLeafIndicesInOrder()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var digest = System.Security.Cryptography.SHA256.HashData("envelope"u8.ToArray());
        await using (var scope = store.Scope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            audit.Append(AuditEntry.Create(_clock, AuditKinds.ShareDecided, "operator", "case-1", "allowed"));
            audit.Append(AuditEntry.Create(_clock, AuditKinds.EnvelopeSent, "system", "FR-M-1", "acknowledged", null, "t@2", digest));
            audit.Append(AuditEntry.Create(_clock, AuditKinds.EnvelopeSent, "system", "FR-M-2", "acknowledged"));
            audit.Append(AuditEntry.Create(_clock, AuditKinds.EnvelopeDuplicate, "peer:DE", "FR-M-1", "acknowledged", null, "t@2", digest));
            await scope.ServiceProvider.GetRequiredService<Federation.Core.Abstractions.IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using var read = store.Scope();
        var log = read.ServiceProvider.GetRequiredService<ITransparencyLog>();
        var indices = await log.FindMessageAsync("FR-M-1", ct);
        var leaves = await log.LeavesAsync(0, 10, ct);

        Assert.Equal([1L, 3], indices);
        Assert.Equal("t@2", leaves[1].Treaty);
        Assert.Equal(digest, leaves[1].MessageDigest);
        Assert.Null(leaves[2].Treaty);
    }

    /// <summary>
    /// The leaves are read by a prepared statement, not by EF Core: each must be the entry EF Core reads back, field by
    /// field (null subject, treaty and digest; text beyond ASCII; ticks that are not whole seconds), hash to the leaf hash
    /// stored at sealing, and come in the window asked, again when the same statement is bound to another window.
    /// </summary>
    [Fact]
    public async Task Leaves_ReadByStatement_EqualEntriesAsEfReadsThemInTheWindowAsked()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var digest = System.Security.Cryptography.SHA256.HashData("envelope"u8.ToArray());
        await using (var scope = store.Scope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            for (var i = 0; i < 12; i++)
            {
                _clock.Advance(TimeSpan.FromTicks(1_234_567 + i));
                audit.Append(AuditEntry.Create(_clock, i % 2 == 0 ? AuditKinds.EnvelopeAccepted : AuditKinds.CaseUpdated, $"peer:D{i}",
                    i % 3 == 0 ? null : $"Müller-🙂-{i}", i % 4 == 0 ? "accepted" : "ok", $"detail {i}", i % 2 == 0 ? $"eu-ai@{i}" : null, i % 2 == 0 ? digest : null));
            }

            await scope.ServiceProvider.GetRequiredService<Federation.Core.Abstractions.IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using var read = store.Scope();
        var entries = await read.ServiceProvider.GetRequiredService<FederationDbContext>().Audit.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync(ct);
        var log = read.ServiceProvider.GetRequiredService<ITransparencyLog>();
        var leaves = await log.LeavesAsync(0, 100, ct);

        Assert.Equal(entries.Count, leaves.Count);
        Assert.Contains(leaves, l => l.Subject is null);
        for (var i = 0; i < entries.Count; i++)
        {
            var expected = entries[i].ToLeaf();
            var leaf = leaves[i];
            Assert.Equal(
                (expected.Index, expected.Id, expected.At, expected.At.Offset, expected.Kind, expected.Actor, expected.Subject, expected.Outcome, expected.Treaty),
                (leaf.Index, leaf.Id, leaf.At, leaf.At.Offset, leaf.Kind, leaf.Actor, leaf.Subject, leaf.Outcome, leaf.Treaty));
            Assert.Equal(expected.MessageDigest, leaf.MessageDigest);
            Assert.Equal(expected.ContentCommitment, leaf.ContentCommitment);
            Assert.Equal(entries[i].LeafHash, leaf.Hash());
        }

        Assert.Equal([2L, 3, 4], (await log.LeavesAsync(2, 3, ct)).Select(l => l.Index));
        Assert.Equal([entries.Count - 1L], (await log.LeavesAsync(entries.Count - 1, 10, ct)).Select(l => l.Index));
        Assert.Empty(await log.LeavesAsync(entries.Count, 5, ct));
        Assert.Empty(await log.LeavesAsync(4, 0, ct));
        Assert.Equal([0L], (await log.LeavesAsync(0, 1, ct)).Select(l => l.Index));
    }

    /// <summary>
    /// The statement's edges: an entry outside the log (no leaf hash, as entries older than the log were) is not a
    /// leaf; a leaf without its content commitment is a damaged store, said so; inside a unit of work's transaction the
    /// leaves it has appended and not yet committed are read, as EF's query read them on the same connection.
    /// </summary>
    [Fact]
    public async Task Leaves_EntryOutsideTheLogSkipped_LeafWithoutCommitmentRefused_OpenTransactionSeen()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(store, 2, ct);
        await using (var scope = store.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO Audit (Id, Sequence, At, Kind, Actor, Subject, Outcome, PreviousHash, Hash) VALUES
                  ('old-1', 3, 100, 'case.updated', 'operator', 'case-x', 'ok', 'p', 'h');
                """, ct);
            var leaves = await scope.ServiceProvider.GetRequiredService<ITransparencyLog>().LeavesAsync(0, 10, ct);
            Assert.Equal([0L, 1], leaves.Select(l => l.Index));

            await db.Database.ExecuteSqlRawAsync("UPDATE Audit SET ContentCommitment = NULL WHERE Sequence = 2;", ct);
            var damaged = await Assert.ThrowsAsync<InvalidDataException>(() => scope.ServiceProvider.GetRequiredService<ITransparencyLog>().LeavesAsync(0, 10, ct));
            Assert.Contains("content commitment", damaged.Message, StringComparison.Ordinal);
        }

        await using var other = await StoreFixture.CreateAsync();
        await AppendAsync(other, 1, ct);
        await using var unit = other.Scope();
        var context = unit.ServiceProvider.GetRequiredService<FederationDbContext>();
        await using var transaction = await context.Database.BeginTransactionAsync(ct);
        unit.ServiceProvider.GetRequiredService<IAuditLog>().Append(AuditEntry.Create(_clock, AuditKinds.CaseUpdated, "operator", "case-9", "ok"));
        await context.SaveChangesAsync(ct);
        var inside = await unit.ServiceProvider.GetRequiredService<ITransparencyLog>().LeavesAsync(0, 10, ct);
        Assert.Equal(["case-0", "case-9"], inside.Select(l => l.Subject));
        await transaction.RollbackAsync(ct);
    }

    [Fact]
    public async Task Checkpoints_OursAndAPartners_LatestAndWindowPerLog()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var t0 = _clock.GetUtcNow();
        await using (var scope = store.Scope())
        {
            var checkpoints = scope.ServiceProvider.GetRequiredService<ICheckpointStore>();
            await checkpoints.AddAsync(new StoredCheckpoint("FR", 5, Root(1), t0, "note FR 5"), ct);
            await checkpoints.AddAsync(new StoredCheckpoint("FR", 9, Root(2), t0.AddMinutes(10), "note FR 9"), ct);
            await checkpoints.AddAsync(new StoredCheckpoint("DE", 40, Root(3), t0.AddMinutes(5), "note DE 40"), ct);
            // A second root at a size already seen: a fork's evidence, kept next to the first.
            await checkpoints.AddAsync(new StoredCheckpoint("DE", 40, Root(4), t0.AddMinutes(6), "note DE 40 fork"), ct);
            // The same checkpoint kept again with a witness's cosignature added: listed once, as the cosigned note.
            await checkpoints.AddAsync(new StoredCheckpoint("FR", 5, Root(1), t0, "note FR 5 + cosignature"), ct);
        }

        await using var read = store.Scope();
        var store2 = read.ServiceProvider.GetRequiredService<ICheckpointStore>();
        var latestFr = await store2.LatestAsync("FR", ct);
        var latestDe = await store2.LatestAsync("DE", ct);
        var window = await store2.ListAsync("FR", t0, t0.AddMinutes(10), ct);
        var de = await store2.ListAsync("DE", t0, t0.AddHours(1), ct);

        Assert.Equal(9, latestFr!.Size);
        Assert.Equal(Root(2), latestFr.RootHash);
        Assert.Equal("note DE 40 fork", latestDe!.Note);
        Assert.Equal(["note FR 5 + cosignature"], window.Select(c => c.Note));
        Assert.Equal(["note DE 40", "note DE 40 fork"], de.Select(c => c.Note));
        Assert.Null(await store2.LatestAsync("JP", ct));
    }

    [Fact]
    public void NodeKey_Packed_RoundTripsAndGrowsWithEveryAppend()
    {
        var frontier = MerkleFrontier.Empty;
        long last = -1;
        for (var i = 0; i < 5000; i++)
        {
            foreach (var (address, _) in frontier.Append(MerkleHash.Leaf(BitConverter.GetBytes(i))))
            {
                var key = LogNodeKey.Of(address);
                Assert.Equal(address, LogNodeKey.Address(key));
                Assert.True(key > last, string.Create(CultureInfo.InvariantCulture, $"node {address} key {key} not after {last}"));
                last = key;
            }
        }
    }

    private static byte[] Root(byte b) => Enumerable.Repeat(b, 32).ToArray();

    private async Task AppendAsync(StoreFixture store, int entries, CancellationToken ct)
    {
        await using var scope = store.Scope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        for (var i = 0; i < entries; i++)
        {
            audit.Append(AuditEntry.Create(_clock, AuditKinds.CaseUpdated, "operator", $"case-{i}", "ok", $"fields=title; i={i}"));
        }

        await scope.ServiceProvider.GetRequiredService<Federation.Core.Abstractions.IUnitOfWork>().SaveChangesAsync(ct);
    }

    /// <summary>Every stored node is the in-memory tree's, and every complete subtree of the tree is stored.</summary>
    private static async Task AssertNodesAreTreeAsync(StoreFixture store, MerkleTree tree, CancellationToken ct)
    {
        await using var scope = store.Scope();
        var rows = await scope.ServiceProvider.GetRequiredService<FederationDbContext>().LogNodes.AsNoTracking().ToListAsync(ct);
        long complete = 0;
        for (var level = 0; (1L << level) <= tree.Size; level++)
        {
            complete += tree.Size >> level;
        }

        Assert.Equal(complete, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(tree.Node(LogNodeKey.Address(row.Id)), row.Hash);
        }
    }
}
