namespace Federation.Core.Transparency;

/// <summary>Signed checkpoints, ours and our partners': kept for good, since they are the evidence.</summary>
public interface ICheckpointStore
{
    Task AddAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a partner's checkpoint with the certificate whose key verified it, in one commit: the certificate once per
    /// log however many checkpoints it verified (a partner's checkpoint is kept about once a minute).
    /// </summary>
    Task AddAsync(StoredCheckpoint checkpoint, SignerCertificate signer, CancellationToken cancellationToken);

    /// <summary>
    /// The certificates (DER) kept with <paramref name="log"/>'s checkpoints whose key has id <paramref name="keyId"/>,
    /// newest first, at most a few: the id is short, so the caller checks which one's key verifies the note it has.
    /// </summary>
    Task<IReadOnlyList<byte[]>> SignerCertificatesAsync(string log, uint keyId, CancellationToken cancellationToken);

    /// <summary>
    /// The latest checkpoint of a log (largest size, then latest time), or null; of a partner's log whose fork an
    /// operator cleared, the latest kept since (<see cref="ILogForkStore.ClearAsync"/>), so that witnessing starts over.
    /// </summary>
    Task<StoredCheckpoint?> LatestAsync(string log, CancellationToken cancellationToken);

    /// <summary>
    /// Changes a log's latest checkpoint as one store operation: under the store's write lock (across processes, not
    /// only threads) it reads the latest, lets <paramref name="merge"/> say what to keep in its place (null: nothing)
    /// and keeps that as a new row, so that merges racing each other (witnesses' cosignatures, whichever process takes
    /// them) never drop one another's. An exception from <paramref name="merge"/> keeps nothing and is thrown on.
    /// </summary>
    /// <returns>The log's latest checkpoint now (null when it has none and nothing was kept).</returns>
    Task<StoredCheckpoint?> MergeLatestAsync(string log, Func<StoredCheckpoint?, StoredCheckpoint?> merge, CancellationToken cancellationToken);

    /// <summary>
    /// The checkpoints a bundle of leaves [<paramref name="from"/>, <paramref name="to"/>) is built from, read as such and
    /// not out of all of them (a year of a busy log is about 500,000): the last of size at most from (when from &gt; 0),
    /// every one of a size inside the range, the first of size at least to, and the latest. Each once (a cosigned
    /// checkpoint as its latest row, every cosignature in it); two of one size with different roots both.
    /// </summary>
    Task<IReadOnlyList<StoredCheckpoint>> ForExportAsync(string log, long from, long to, CancellationToken cancellationToken);

    /// <summary>A log's checkpoints made in [from, to), oldest first.</summary>
    Task<IReadOnlyList<StoredCheckpoint>> ListAsync(string log, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
