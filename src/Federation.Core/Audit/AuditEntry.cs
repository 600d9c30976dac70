using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Federation.Core.Audit;

/// <summary>
/// One line of the append-only, hash-chained audit log: every policy decision and every message
/// sent, received or rejected. Details name fields, rules and ids, never raw case contents.
/// </summary>
public sealed class AuditEntry
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private AuditEntry()
    {
        Id = Kind = Actor = Outcome = PreviousHash = Hash = string.Empty;
    }

    public long Sequence { get; private set; }
    public string Id { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>What happened, e.g. share.decided, envelope.accepted, envelope.rejected, peer.rejected.</summary>
    public string Kind { get; private set; }

    /// <summary>Who did it: operator, peer:DE, system.</summary>
    public string Actor { get; private set; }

    /// <summary>A case id, message id or treaty id.</summary>
    public string? Subject { get; private set; }
    public string Outcome { get; private set; }
    public string? Detail { get; private set; }
    public string PreviousHash { get; private set; }
    public string Hash { get; private set; }

    public static AuditEntry Create(
        TimeProvider timeProvider, string kind, string actor, string? subject, string outcome, string? detail = null) => new()
        {
            Id = Identity.Ulid.NewUlid(timeProvider),
            At = timeProvider.GetUtcNow(),
            Kind = kind,
            Outcome = outcome,
            // Details quote partners' words: escaped and capped (BoundedText), as in statuses and logs.
            Actor = BoundedText.Of(actor, 200),
            Subject = subject is null ? null : BoundedText.Of(subject, 200),
            Detail = detail is null ? null : BoundedText.Of(detail, BoundedText.AuditDetail),
        };

    /// <summary>Links the entry to its predecessor; called by the store, in commit order.</summary>
    public void Seal(long sequence, string previousHash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    public string ComputeHash()
    {
        var text = string.Join('\u001f',
            PreviousHash,
            Sequence.ToString(CultureInfo.InvariantCulture),
            Id,
            At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            Kind, Actor, Subject ?? string.Empty, Outcome, Detail ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
