namespace Federation.Core.Peers;

/// <summary>
/// An operator's decision to stop dealing with a partner for now: its calls are refused and what is addressed to it is
/// held (not failed) until it is resumed. Kept in the store, so a restart does not lift it.
/// </summary>
public sealed class PeerSuspension
{
    public const int MaxReasonLength = OperatorReason.MaxLength;

    private PeerSuspension()
    {
        Jurisdiction = string.Empty;
        Reason = string.Empty;
        SuspendedBy = string.Empty;
    }

    public PeerSuspension(string jurisdiction, string reason, string suspendedBy, DateTimeOffset suspendedAt)
    {
        Jurisdiction = jurisdiction;
        Reason = reason;
        SuspendedBy = suspendedBy;
        SuspendedAt = suspendedAt;
    }

    public string Jurisdiction { get; private set; }
    public string Reason { get; private set; }

    /// <summary>The operator, as the audit log names them.</summary>
    public string SuspendedBy { get; private set; }
    public DateTimeOffset SuspendedAt { get; private set; }

    /// <summary>A reason as an operator typed it, checked: required, one line of printable text, at most <see cref="MaxReasonLength"/> characters.</summary>
    public static string CheckReason(string? reason) =>
        OperatorReason.Check(reason, "A suspension needs a reason (--reason): it is audited and shown in the partner list.");
}
