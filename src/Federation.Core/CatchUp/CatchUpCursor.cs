namespace Federation.Core.CatchUp;

/// <summary>
/// Where catch-up stands with one partner, in both directions: how far this node has committed the partner's log
/// for it (its cursor, advanced only after the envelopes were committed through the inbox), and how far the
/// partner has said it holds this node's log for it (it pulls after that point), which lets that part be pruned.
/// </summary>
public sealed class CatchUpCursor
{
    private CatchUpCursor()
    {
        Partner = string.Empty;
    }

    public CatchUpCursor(string partner)
    {
        Partner = partner;
    }

    public string Partner { get; private set; }

    /// <summary>The highest sequence of the partner's log for this node that this node has committed.</summary>
    public long PulledThrough { get; private set; }

    public DateTimeOffset? PulledAt { get; private set; }

    /// <summary>The highest sequence of this node's log for the partner that the partner holds, by its own word.</summary>
    public long PartnerHoldsThrough { get; private set; }

    public DateTimeOffset? PartnerHoldsAt { get; private set; }

    /// <summary>Moves the cursor forward (never back: a late answer of an earlier pull cannot undo a later one).</summary>
    public void Advance(long sequence, DateTimeOffset now)
    {
        PulledThrough = Math.Max(PulledThrough, sequence);
        PulledAt = now;
    }

    public void PartnerHolds(long sequence, DateTimeOffset now)
    {
        PartnerHoldsThrough = Math.Max(PartnerHoldsThrough, sequence);
        PartnerHoldsAt = now;
    }
}
