namespace Federation.Core.Transparency;

/// <summary>
/// The evidence of a fork in a partner's log: the checkpoint this node had kept and the signed one that contradicts
/// it, both exactly as signed, each with the partner's certificate whose key verified it (so both can be checked offline
/// after the partner's key rotated), the failing consistency proof when a proof failed, why they cannot both be true
/// and when that was found. Never deleted: an operator who has looked clears it (who, when, why), which lets the
/// witness start over with that log, and the evidence stays.
/// </summary>
public sealed class LogFork
{
    public const int MaxReasonLength = OperatorReason.MaxLength;

    private LogFork()
    {
        Log = string.Empty;
        Jurisdiction = string.Empty;
        Reason = string.Empty;
        KnownRoot = [];
        KnownNote = string.Empty;
        ConflictingRoot = [];
        ConflictingNote = string.Empty;
    }

    /// <summary>
    /// A fork found now. The certificates are DER, each the one whose key verified its note (null when none was kept
    /// with the known note); the proof is the failing one, for a fork a failing consistency proof showed.
    /// </summary>
    public LogFork(
        string jurisdiction, string log, string reason, StoredCheckpoint known, StoredCheckpoint conflicting, DateTimeOffset detectedAt,
        byte[]? knownCertificate = null, byte[]? conflictingCertificate = null, FailedConsistencyProof? failedProof = null)
    {
        if (knownCertificate?.Length > SignerCertificate.MaxBytes || conflictingCertificate?.Length > SignerCertificate.MaxBytes)
        {
            throw new ArgumentException($"A certificate kept with a fork is at most {SignerCertificate.MaxBytes} bytes.");
        }

        if (failedProof?.Hashes.Count > FailedConsistencyProof.MaxHashes)
        {
            throw new ArgumentException($"A proof kept with a fork has at most {FailedConsistencyProof.MaxHashes} hashes.", nameof(failedProof));
        }

        Jurisdiction = jurisdiction;
        Log = log;
        Reason = reason;
        DetectedAt = detectedAt;
        KnownSize = known.Size;
        KnownRoot = known.RootHash;
        KnownAt = known.At;
        KnownNote = known.Note;
        ConflictingSize = conflicting.Size;
        ConflictingRoot = conflicting.RootHash;
        ConflictingAt = conflicting.At;
        ConflictingNote = conflicting.Note;
        KnownCertificate = knownCertificate;
        ConflictingCertificate = conflictingCertificate;
        FailedProofOldSize = failedProof?.OldSize;
        FailedProofNewSize = failedProof?.NewSize;
        FailedProofHashes = failedProof?.HashesText();
    }

    /// <summary>The store's key: forks are listed newest first by it.</summary>
    public long Id { get; private set; }

    /// <summary>The partner whose log forked ("DE").</summary>
    public string Jurisdiction { get; private set; }

    /// <summary>Its log's name ("federation.audit/de").</summary>
    public string Log { get; private set; }

    /// <summary>Why the two checkpoints cannot both be true.</summary>
    public string Reason { get; private set; }

    public DateTimeOffset DetectedAt { get; private set; }

    public long KnownSize { get; private set; }
    public byte[] KnownRoot { get; private set; }
    public DateTimeOffset KnownAt { get; private set; }
    public string KnownNote { get; private set; }

    public long ConflictingSize { get; private set; }
    public byte[] ConflictingRoot { get; private set; }
    public DateTimeOffset ConflictingAt { get; private set; }
    public string ConflictingNote { get; private set; }

    /// <summary>DER of the partner's certificate whose key verified <see cref="KnownNote"/>; null for a fork recorded before they were kept.</summary>
    public byte[]? KnownCertificate { get; private set; }

    /// <summary>DER of the partner's certificate whose key verified <see cref="ConflictingNote"/>; null for a fork recorded before they were kept.</summary>
    public byte[]? ConflictingCertificate { get; private set; }

    public long? FailedProofOldSize { get; private set; }
    public long? FailedProofNewSize { get; private set; }

    /// <summary>The failing proof's hashes, base64 and separated by spaces (<see cref="FailedConsistencyProof.HashesText"/>).</summary>
    public string? FailedProofHashes { get; private set; }

    public DateTimeOffset? ClearedAt { get; private set; }

    /// <summary>The operator, as the audit log names them.</summary>
    public string? ClearedBy { get; private set; }

    public string? ClearReason { get; private set; }

    public bool IsCleared => ClearedAt is not null;

    /// <summary>The checkpoint this node had kept of the log, and had cosigned.</summary>
    public StoredCheckpoint Known => new(Log, KnownSize, KnownRoot, KnownAt, KnownNote);

    /// <summary>The partner's signed checkpoint that contradicts it.</summary>
    public StoredCheckpoint Conflicting => new(Log, ConflictingSize, ConflictingRoot, ConflictingAt, ConflictingNote);

    /// <summary>The consistency proof that failed, when a failing proof is what showed the fork (and its shape let it be kept).</summary>
    public FailedConsistencyProof? FailedProof =>
        FailedProofOldSize is { } oldSize && FailedProofNewSize is { } newSize && FailedProofHashes is { } hashes
            ? new FailedConsistencyProof(oldSize, newSize, FailedConsistencyProof.ParseHashes(hashes))
            : null;

    public void Clear(string operatorName, string reason, DateTimeOffset at)
    {
        if (IsCleared)
        {
            throw new FederationException(ErrorCode.FailedPrecondition, $"The fork of {Log} found at {DetectedAt:u} was cleared already (by {ClearedBy} at {ClearedAt:u}).", "partner");
        }

        ClearedBy = operatorName;
        ClearReason = reason;
        ClearedAt = at;
    }

    /// <summary>A reason as an operator typed it, checked: required, one line of printable text, at most <see cref="MaxReasonLength"/> characters.</summary>
    public static string CheckReason(string? reason) =>
        OperatorReason.Check(reason, "Clearing a fork needs a reason (--reason): what was found, kept in the audit log with the evidence.");
}
