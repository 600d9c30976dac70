namespace Federation.Core.Transparency;

/// <summary>
/// The evidence of a fork in a partner's log: the checkpoint this node had kept and the signed one that contradicts
/// it, both exactly as signed, with why they cannot both be true and when that was found. Never deleted: an operator
/// who has looked clears it (who, when, why), which lets the witness start over with that log, and the evidence stays.
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

    public LogFork(string jurisdiction, string log, string reason, StoredCheckpoint known, StoredCheckpoint conflicting, DateTimeOffset detectedAt)
    {
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

    public DateTimeOffset? ClearedAt { get; private set; }

    /// <summary>The operator, as the audit log names them.</summary>
    public string? ClearedBy { get; private set; }

    public string? ClearReason { get; private set; }

    public bool IsCleared => ClearedAt is not null;

    /// <summary>The checkpoint this node had kept of the log, and had cosigned.</summary>
    public StoredCheckpoint Known => new(Log, KnownSize, KnownRoot, KnownAt, KnownNote);

    /// <summary>The partner's signed checkpoint that contradicts it.</summary>
    public StoredCheckpoint Conflicting => new(Log, ConflictingSize, ConflictingRoot, ConflictingAt, ConflictingNote);

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
