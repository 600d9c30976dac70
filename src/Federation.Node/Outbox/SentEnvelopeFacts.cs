using System.Security.Cryptography;
using Federation.Contracts.V1;
using Federation.Core.Audit;
using Google.Protobuf;

namespace Federation.Node.Outbox;

/// <summary>
/// What the sender's log records of an envelope it delivered: SHA-256 of the signed content (the bytes its signature
/// covers, which is also what the receiver records, so both logs name the same message by the same digest) and the
/// treaty version it travelled under. And whether it may travel under a batch signature (federation.v3): not the
/// envelopes whose signed bytes the receiver keeps to show others (an embargo signal, relayed on to the case's other
/// participants, some of which may predate batch signatures; a countersignature, kept as a treaty's evidence).
/// </summary>
internal sealed record SentEnvelopeFacts(string? Treaty, byte[]? Digest, bool MayShareSignature = false)
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
            var shared = body.BodyCase is EnvelopeContent.BodyOneofCase.Summary or EnvelopeContent.BodyOneofCase.Withdrawal
                or EnvelopeContent.BodyOneofCase.Publication;
            return new SentEnvelopeFacts(treaty, SHA256.HashData(content.Span), shared);
        }
        catch (InvalidProtocolBufferException)
        {
            // Our own sealed bytes always parse; should one not, the entry is still written, without the two facts.
            return None;
        }
    }
}
