using System.Security.Cryptography;
using Federation.Core.Transparency;
using Federation.Storage.Configurations;
using Federation.Storage.Transparency;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfCheckpointStore(FederationDbContext db, IDbContextFactory<FederationDbContext> factory) : ICheckpointStore
{
    /// <summary>A key id names one key but for a 1-in-4-billion chance: a few are plenty (each renewal of one key is one more).</summary>
    private const int MaxCertificatesPerKeyId = 8;

    public async Task AddAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        // Its own context and commit: a checkpoint is evidence, kept whatever becomes of the caller's unit of work.
        await using var own = await factory.CreateDbContextAsync(cancellationToken);
        own.Checkpoints.Add(ToRow(checkpoint));
        await own.SaveChangesAsync(cancellationToken);
    }

    public async Task AddAsync(StoredCheckpoint checkpoint, SignerCertificate signer, CancellationToken cancellationToken)
    {
        await using var own = await factory.CreateDbContextAsync(cancellationToken);
        own.KeepOpen();
        // BEGIN IMMEDIATE: two witnesses keeping checkpoints under one certificate at once (replicas) add it once.
        await using var transaction = await own.Database.BeginTransactionAsync(cancellationToken);
        var sha256 = SHA256.HashData(signer.Der);
        if (!await own.LogCertificates.AnyAsync(c => c.Log == checkpoint.Log && c.Sha256 == sha256, cancellationToken))
        {
            own.LogCertificates.Add(new LogCertificateRow { Log = checkpoint.Log, KeyId = signer.KeyId, Sha256 = sha256, Der = signer.Der, FirstCheckpointAt = checkpoint.At });
        }

        own.Checkpoints.Add(ToRow(checkpoint));
        await own.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<byte[]>> SignerCertificatesAsync(string log, uint keyId, CancellationToken cancellationToken) =>
        await db.LogCertificates.AsNoTracking().Where(c => c.Log == log && c.KeyId == keyId)
            .OrderByDescending(c => c.Id).Take(MaxCertificatesPerKeyId).Select(c => c.Der).ToListAsync(cancellationToken);

    public Task<StoredCheckpoint?> LatestAsync(string log, CancellationToken cancellationToken) => LatestAsync(db, log, cancellationToken);

    public async Task<StoredCheckpoint?> MergeLatestAsync(string log, Func<StoredCheckpoint?, StoredCheckpoint?> merge, CancellationToken cancellationToken)
    {
        await using var own = await factory.CreateDbContextAsync(cancellationToken);
        own.KeepOpen();
        // BEGIN IMMEDIATE: SQLite's write lock is taken before the read, so no other writer, in this process or another,
        // keeps a row between the latest read here and the merged one written; a reader of the old latest waits, then
        // reads the merged one.
        await using var transaction = await own.Database.BeginTransactionAsync(cancellationToken);
        var latest = await LatestAsync(own, log, cancellationToken);
        var merged = merge(latest);
        if (merged is null)
        {
            return latest;
        }

        own.Checkpoints.Add(ToRow(merged));
        await own.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merged;
    }

    private static async Task<StoredCheckpoint?> LatestAsync(FederationDbContext context, string log, CancellationToken cancellationToken)
    {
        // After an operator cleared a fork of this log, the checkpoints kept before are evidence, not the witness's baseline.
        var row = await context.Checkpoints.AsNoTracking()
            .Where(c => c.Log == log && c.Id > (context.LogForks.Where(f => f.Log == log && f.ClearedAt != null)
                .Max(f => EF.Property<long?>(f, LogForkConfiguration.ResumeAfter)) ?? 0))
            .OrderByDescending(c => c.Size).ThenByDescending(c => c.At).ThenByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToStored(row);
    }

    public async Task<IReadOnlyList<StoredCheckpoint>> ListAsync(string log, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await db.Checkpoints.AsNoTracking().Where(c => c.Log == log && c.At >= from && c.At < to).ToListAsync(cancellationToken);
        return Distinct(rows);
    }

    public async Task<IReadOnlyList<StoredCheckpoint>> ForExportAsync(string log, long from, long to, CancellationToken cancellationToken)
    {
        // Four queries on the (Log, Size) index, each reading only what it returns.
        var ofLog = db.Checkpoints.AsNoTracking().Where(c => c.Log == log);
        var rows = new List<CheckpointRow>();
        if (from > 0)
        {
            rows.AddRange(await ofLog.Where(c => c.Size <= from)
                .OrderByDescending(c => c.Size).ThenByDescending(c => c.At).ThenByDescending(c => c.Id).Take(1).ToListAsync(cancellationToken));
        }

        rows.AddRange(await ofLog.Where(c => c.Size > from && c.Size < to).ToListAsync(cancellationToken));
        rows.AddRange(await ofLog.Where(c => c.Size >= to)
            .OrderBy(c => c.Size).ThenBy(c => c.At).ThenByDescending(c => c.Id).Take(1).ToListAsync(cancellationToken));
        rows.AddRange(await ofLog.OrderByDescending(c => c.Size).ThenByDescending(c => c.At).ThenByDescending(c => c.Id).Take(1).ToListAsync(cancellationToken));
        return Distinct(rows);
    }

    private static IReadOnlyList<StoredCheckpoint> Distinct(List<CheckpointRow> rows)
    {
        // A checkpoint cosigned by witnesses is kept again with their lines added (rows are never changed): one
        // checkpoint, listed once, as its latest row with every cosignature. Two heads of one size with different
        // roots are two checkpoints, both listed: that is a fork's evidence.
        return [.. rows.GroupBy(r => (r.Size, Root: Convert.ToBase64String(r.RootHash), r.At))
            .Select(g => g.MaxBy(r => r.Id)!)
            .OrderBy(r => r.At).ThenBy(r => r.Id)
            .Select(ToStored)];
    }

    private static CheckpointRow ToRow(StoredCheckpoint checkpoint) => new()
    {
        Log = checkpoint.Log,
        Size = checkpoint.Size,
        RootHash = checkpoint.RootHash,
        At = checkpoint.At,
        Note = checkpoint.Note,
    };

    private static StoredCheckpoint ToStored(CheckpointRow row) => new(row.Log, row.Size, row.RootHash, row.At, row.Note);
}
