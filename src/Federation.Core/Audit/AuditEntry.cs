using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Federation.Transparency;

namespace Federation.Core.Audit;

/// <summary>
/// One line of the append-only audit log: every policy decision and every message sent, received or
/// rejected. Details name fields, rules and ids, never raw case contents. Each entry is one leaf of the
/// node's RFC 9162 log (<see cref="ToLeaf"/>): its detail enters the leaf only as a salted commitment,
/// so erasing the detail and its salt leaves the leaf, and every proof over it, valid. The older linear
/// chain (<see cref="PreviousHash"/>, <see cref="Hash"/>) is still sealed, in the same transaction.
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

    /// <summary>The entry's leaf in the log: its sequence less one, since leaves count from zero.</summary>
    public long LeafIndex => Sequence - 1;

    /// <summary>The treaty version the entry concerns, as <c>id@version</c>, or null.</summary>
    public string? Treaty { get; private set; }

    /// <summary>SHA-256 of the signed content of the envelope the entry concerns (what its signature covers), or null.</summary>
    public byte[]? MessageDigest { get; private set; }

    /// <summary>The 32 random bytes that key <see cref="ContentCommitment"/>; null once the detail is erased (or for an entry not yet in the log).</summary>
    public byte[]? Salt { get; private set; }

    /// <summary><see cref="LogLeaf.Commit"/>(salt, detail): what the leaf holds in place of the detail.</summary>
    public byte[]? ContentCommitment { get; private set; }

    /// <summary>The RFC 9162 leaf hash of <see cref="ToLeaf"/>, set when the store sequences the entry.</summary>
    public byte[]? LeafHash { get; private set; }

    /// <summary>
    /// The message the entry records when its subject is something else (an embargo signal received is logged under
    /// its case, a countersignature under its treaty); null otherwise. No part of the leaf, whose
    /// <see cref="MessageDigest"/> is what binds it to the message: only so that the store finds the leaf by message id.
    /// </summary>
    public string? MessageId { get; private set; }

    /// <summary>Names the message this entry records, for <see cref="MessageId"/>; kept only where the subject is not that id already.</summary>
    public AuditEntry About(string messageId)
    {
        MessageId = string.Equals(Subject, messageId, StringComparison.Ordinal) ? null : BoundedText.Of(messageId, 128);
        return this;
    }

    public static AuditEntry Create(
        TimeProvider timeProvider, string kind, string actor, string? subject, string outcome, string? detail = null,
        string? treaty = null, byte[]? messageDigest = null)
    {
        if (messageDigest is { Length: not 32 })
        {
            throw new ArgumentException("A message digest is a 32-byte SHA-256 value.", nameof(messageDigest));
        }

        var entry = new AuditEntry
        {
            Id = Identity.Ulid.NewUlid(timeProvider),
            At = timeProvider.GetUtcNow(),
            Kind = kind,
            Outcome = outcome,
            // Details quote partners' words: escaped and capped (BoundedText), as in statuses and logs.
            Actor = BoundedText.Of(actor, 200),
            Subject = subject is null ? null : BoundedText.Of(subject, 200),
            Detail = detail is null ? null : BoundedText.Of(detail, BoundedText.AuditDetail),
            Treaty = treaty is null ? null : BoundedText.Of(treaty, 200),
            MessageDigest = messageDigest,
        };
        entry.Commit();
        return entry;
    }

    /// <summary>How an entry names a treaty version: <c>id@version</c>; null when there is none (an embargo signal's envelope).</summary>
    public static string? TreatyOf(string? treatyId, int version) =>
        string.IsNullOrEmpty(treatyId) || version <= 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{treatyId}@{version}");

    /// <summary>Links the entry to its predecessor and makes its leaf; called by the store, in commit order.</summary>
    public void Seal(long sequence, string previousHash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = ComputeHash();
        JoinLog();
    }

    /// <summary>
    /// Computes the entry's leaf hash from its sequence. An entry written before the log existed (a migrated
    /// store) has no salt and commitment yet: it gets them here, once, with its detail as it stands.
    /// </summary>
    public void JoinLog()
    {
        if (ContentCommitment is null)
        {
            Commit();
        }

        LeafHash = ToLeaf().Hash();
    }

    /// <summary>The leaf this entry is in the log: metadata in clear, the detail only as its commitment.</summary>
    public LogLeaf ToLeaf() => new(
        LeafIndex, Id, At, Kind, Actor, Subject, Outcome, Treaty, MessageDigest,
        ContentCommitment ?? throw new InvalidOperationException($"Audit entry {Id} has no content commitment yet."));

    /// <summary>
    /// Destroys the detail and the salt that keys its commitment: the leaf (and its hash) is unchanged, and the
    /// commitment can no longer be opened. The older linear chain cannot survive this: <see cref="ComputeHash"/>
    /// covers the detail, so an erased entry breaks it, and the Merkle log is what remains verifiable.
    /// </summary>
    public void EraseDetail()
    {
        Detail = null;
        Salt = null;
    }

    /// <summary>True when <paramref name="detail"/> opens the commitment with the salt still held.</summary>
    public bool Opens(string? detail) =>
        Salt is not null && ContentCommitment is not null && LogLeaf.Commit(Salt, detail).AsSpan().SequenceEqual(ContentCommitment);

    private void Commit()
    {
        Salt = RandomNumberGenerator.GetBytes(32);
        ContentCommitment = LogLeaf.Commit(Salt, Detail);
    }

    /// <summary>
    /// The linear chain's hash: SHA-256 over the UTF-8 of the fields joined by U+001F, in lower-case hex. Each field is
    /// encoded straight into one pooled buffer: the same bytes as encoding the joined string (UTF-8 is encoded field by
    /// field alike, and the separator is one byte), without the joined text and its copy that every entry of a share
    /// allocated (AuditChainTests checks it against the joined form).
    /// </summary>
    public string ComputeHash()
    {
        Span<byte> numbers = stackalloc byte[40];
        var sequence = numbers[..Utf8Of(Sequence, numbers[..20])];
        var ticks = numbers.Slice(20, Utf8Of(At.UtcTicks, numbers[20..]));
        // The nine fields in chain order; the two numbers are already UTF-8 (null: take the bytes instead).
        ReadOnlySpan<string?> texts =
        [
            PreviousHash ?? string.Empty, null, Id ?? string.Empty, null, Kind ?? string.Empty, Actor ?? string.Empty,
            Subject ?? string.Empty, Outcome ?? string.Empty, Detail ?? string.Empty,
        ];
        var length = texts.Length - 1 + sequence.Length + ticks.Length;
        foreach (var text in texts)
        {
            length += text is null ? 0 : Encoding.UTF8.GetByteCount(text);
        }

        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented.AsSpan(0, length);
            var at = 0;
            for (var i = 0; i < texts.Length; i++)
            {
                if (i > 0)
                {
                    buffer[at++] = 0x1f;
                }

                if (texts[i] is { } text)
                {
                    at += Encoding.UTF8.GetBytes(text, buffer[at..]);
                }
                else
                {
                    var digits = i == 1 ? sequence : ticks;
                    digits.CopyTo(buffer[at..]);
                    at += digits.Length;
                }
            }

            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer, hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            // Cleared: the fields may name people, and a pooled array outlives this call (and an erasure).
            System.Buffers.ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private static int Utf8Of(long value, Span<byte> into) =>
        value.TryFormat(into, out var written, default, CultureInfo.InvariantCulture) ? written : throw new InvalidOperationException("A long has at most 20 characters.");
}
