using Federation.Core.Audit;
using Federation.Core.Treaties;

namespace Federation.Core.Inbox.Handlers;

/// <summary>
/// A party's countersignature of a treaty version. Stored even when this node has not installed
/// that version yet (it counts only once the installed hash matches); refused when this node holds
/// the version and the hash differs, or the signer is not one of its parties.
/// </summary>
public sealed class CountersignatureHandler(ITreatyStore treatyStore) : IEnvelopeHandler<CountersignatureEnvelope>
{
    private const int MaxPendingCountersignatures = 100;

    public Task<HandlerResult> HandleAsync(CountersignatureEnvelope envelope, InboxBatch batch, CancellationToken cancellationToken) =>
        Task.FromResult(Handle(envelope, batch.Ledger ?? throw new InvalidOperationException("A batch with a countersignature is read with its treaty ledger."), batch.Now));

    private HandlerResult Handle(CountersignatureEnvelope envelope, TreatyLedger ledger, DateTimeOffset now)
    {
        var countersignature = envelope.Countersignature;
        var version = (countersignature.TreatyId, countersignature.Version);
        var key = (countersignature.TreatyId, countersignature.Version, envelope.Origin.Value);
        if (Check(envelope, ledger) is { } refusal)
        {
            return new Refused(refusal);
        }

        var isNew = !ledger.Signatures.ContainsKey(key);
        if (isNew)
        {
            var signature = new TreatySignature(countersignature.TreatyId, countersignature.Version, envelope.Origin.Value,
                countersignature.ContentHash, envelope.MessageId, envelope.Evidence, envelope.CreatedAt, now);
            treatyStore.AddSignature(signature);
            ledger.Signatures[key] = signature;
        }

        var installed = ledger.Versions.ContainsKey(version);
        return new Accepted(new AuditNote(AuditKinds.TreatyCountersigned, $"{countersignature.TreatyId} v{countersignature.Version}", isNew ? "recorded" : "already-held",
            $"hash={countersignature.ContentHash}; installed-here={installed}"))
        {
            // Any new countersignature, even of a version not installed when the ledger was read: an operator
            // may be installing it right now, and that install's own reload may have read the signatures
            // before this one committed. Reloading after this commit closes that race.
            TreatyChanged = isNew,
        };
    }

    private static Refusal? Check(CountersignatureEnvelope envelope, TreatyLedger ledger)
    {
        var countersignature = envelope.Countersignature;
        var subject = $"{countersignature.TreatyId} v{countersignature.Version}";
        if (ledger.Versions.TryGetValue((countersignature.TreatyId, countersignature.Version), out var installed))
        {
            var parties = TreatyParser.Parse(installed.Document, subject).Parties;
            if (!parties.Contains(envelope.Origin))
            {
                return new Refusal(ErrorCode.NotAParty, $"{envelope.Origin} is not a party to treaty {subject}; its countersignature does not count.", "treaty_id");
            }

            if (installed.ContentHash != countersignature.ContentHash)
            {
                return new Refusal(ErrorCode.FailedPrecondition,
                    $"{envelope.Origin} countersigned {subject} with hash {Short(countersignature.ContentHash)}, but this node installed {subject} with hash {Short(installed.ContentHash)}: the documents differ.", "content_hash");
            }
        }
        else if (ledger.Signatures.Values.Count(s => s.Jurisdiction == envelope.Origin.Value && !ledger.Versions.ContainsKey((s.TreatyId, s.Version))) >= MaxPendingCountersignatures)
        {
            // Countersignatures of versions not installed here are kept for later, but not without limit.
            return new Refusal(ErrorCode.ResourceExhausted,
                $"{envelope.Origin} already has {MaxPendingCountersignatures} countersignatures waiting for treaty versions this node has not installed.", "treaty_id");
        }

        if (ledger.Signatures.TryGetValue((countersignature.TreatyId, countersignature.Version, envelope.Origin.Value), out var existing)
            && existing.ContentHash != countersignature.ContentHash)
        {
            return new Refusal(ErrorCode.FailedPrecondition,
                $"{envelope.Origin} already countersigned {subject} with hash {Short(existing.ContentHash)}; a version is signed once.", "content_hash");
        }

        return null;
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
