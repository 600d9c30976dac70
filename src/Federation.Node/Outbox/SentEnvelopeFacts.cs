using System.Security.Cryptography;
using Federation.Contracts.V1;
using Federation.Core.Audit;
using Google.Protobuf;

namespace Federation.Node.Outbox;

/// <summary>
/// What the sender's log records of an envelope it delivered: SHA-256 of the signed content (the bytes its signature
/// covers, which is also what the receiver records, so both logs name the same message by the same digest) and the
/// treaty version it travelled under.
/// </summary>
internal sealed record SentEnvelopeFacts(string? Treaty, byte[]? Digest)
{
    private static readonly SentEnvelopeFacts None = new(null, null);

    public static SentEnvelopeFacts Of(byte[] signedEnvelope)
    {
        try
        {
            var content = SignedEnvelope.Parser.ParseFrom(signedEnvelope).Content;
            var body = EnvelopeContent.Parser.ParseFrom(content);
            var treaty = body.BodyCase == EnvelopeContent.BodyOneofCase.Countersignature
                ? AuditEntry.TreatyOf(body.Countersignature.TreatyId, body.Countersignature.Version)
                : AuditEntry.TreatyOf(body.TreatyId, body.TreatyVersion);
            return new SentEnvelopeFacts(treaty, SHA256.HashData(content.Span));
        }
        catch (InvalidProtocolBufferException)
        {
            // Our own sealed bytes always parse; should one not, the entry is still written, without the two facts.
            return None;
        }
    }
}
