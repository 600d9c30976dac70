using Federation.Core.Audit;
using Federation.Core.Events;
using Federation.Core.Identity;
using Federation.Core.Sharing;
using Federation.Core.Treaties;

namespace Federation.Core.Inbox.Handlers;

/// <summary>
/// A partner's summary: the treaty it names must be in force between the partner and this node now,
/// and every field must be one that treaty allows (the same sharing rule the sender applied). An
/// older revision than what is held is acknowledged and kept out.
/// </summary>
public sealed class SummaryHandler(IInbox inbox, ITreatyRegistry treaties, LocalNode node) : IEnvelopeHandler<SummaryEnvelope>
{
    public Task<HandlerResult> HandleAsync(SummaryEnvelope envelope, InboxBatch batch, CancellationToken cancellationToken) =>
        Task.FromResult(Handle(envelope, batch));

    private HandlerResult Handle(SummaryEnvelope envelope, InboxBatch batch)
    {
        if (CheckTreaty(envelope, batch.Now) is { } refusal)
        {
            return new Refused(refusal);
        }

        var incoming = envelope.Summary;
        var caseId = incoming.CaseId.ToString();
        if (!batch.Held.TryGetValue(caseId, out var summary))
        {
            summary = new ReceivedSummary(caseId, envelope.Origin.Value);
            inbox.AddSummary(summary);
            batch.Held[caseId] = summary;
        }

        // Apply replaces the list, so this one still holds what was there before.
        var before = summary.Fields;
        var applied = summary.Apply(incoming.Revision, envelope.CreatedAt, incoming.Tlp, incoming.Fields,
            envelope.TreatyId, envelope.TreatyVersion, envelope.MessageId, batch.Now);
        if (applied && summary.Fingerprint is { } fingerprint)
        {
            batch.Links.Match(caseId, envelope.Origin.Value, envelope.TreatyId, fingerprint, $"peer:{envelope.Origin}");
        }

        return new Accepted(
            new AuditNote(AuditKinds.EnvelopeAccepted, envelope.MessageId, applied ? "applied" : "older-revision-kept",
                $"case={caseId}; revision={incoming.Revision}; treaty={envelope.TreatyId} v{envelope.TreatyVersion}; fields={string.Join(',', incoming.Fields.Select(f => f.Key))}"),
            new FederationEvent(EventKinds.SummaryReceived, caseId, batch.Now,
                $"from {envelope.Origin}, revision {incoming.Revision}, treaty {envelope.TreatyId} v{envelope.TreatyVersion}"))
        {
            // A narrower revision (a field dropped) or a changed value: the old bytes must not stay in the store's files.
            ContentRemoved = applied && before.Except(summary.Fields).Any(),
        };
    }

    private Refusal? CheckTreaty(SummaryEnvelope envelope, DateTimeOffset now)
    {
        var named = treaties.Find(envelope.TreatyId, envelope.TreatyVersion);
        if (named is null || !named.IsParty(envelope.Origin))
        {
            return new Refusal(ErrorCode.NotAParty,
                $"{envelope.Origin} is not a party to a treaty {envelope.TreatyId} v{envelope.TreatyVersion} known to this node.", "treaty_id");
        }

        var inForce = treaties.InForceBetween(node.Jurisdiction, envelope.Origin, now);
        // Compared by identity, not by instance: the registry may have been reloaded in between.
        var current = inForce.FirstOrDefault(t => t.Id == named.Id && t.Version == named.Version && t.ContentHash == named.ContentHash);
        if (current is null)
        {
            // A version the sender already has in force may lack only a countersignature still on its way here:
            // that heals, so the sender is told to retry rather than to give up.
            return treaties.AwaitingSignatures(named).Count > 0 && named.IsInForce(now)
                ? new Refusal(ErrorCode.Unavailable, $"Treaty {named} is not yet in force here ({treaties.StatusOf(named, now)}); retry shortly.", "treaty_id")
                : new Refusal(ErrorCode.FailedPrecondition, $"Treaty {named} is not in force between {envelope.Origin} and {node.Jurisdiction} now.", "treaty_id");
        }

        return SharingRule.TryCheckIncoming(envelope.Summary, envelope.Origin, inForce, current, out var refusal) ? null : refusal;
    }
}
