using Federation.Core.Duplicates;

namespace Federation.Core.Inbox.Handlers;

/// <summary>
/// What the envelopes of one batch share, read once before any is handled (one query per kind of
/// state, not per envelope) and updated as they are: two envelopes of one batch about one case see
/// each other's effects.
/// </summary>
public sealed class InboxBatch(DateTimeOffset now, Dictionary<string, ReceivedSummary> held, IncomingLinkBatch links, TreatyLedger? ledger)
{
    /// <summary>The one instant the whole batch is received at.</summary>
    public DateTimeOffset Now { get; } = now;

    /// <summary>The summaries held for the batch's summary and withdrawal cases, by case id; handlers add the ones they create.</summary>
    public Dictionary<string, ReceivedSummary> Held { get; } = held;

    /// <summary>Duplicate-fingerprint links found for the batch, reported after the commit.</summary>
    public IncomingLinkBatch Links { get; } = links;

    /// <summary>Null when the batch carries no countersignature.</summary>
    public TreatyLedger? Ledger { get; } = ledger;
}
