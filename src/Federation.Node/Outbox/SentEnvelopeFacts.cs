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

    /// <summary>
    /// The facts of one of our own sealed envelopes. Its fields are read where they lie, without materializing the body:
    /// the full parse built every field of the summary (its texts, its CVSS vector) once more for each message delivered,
    /// only to read two fields and which body it has. The wire is read as protobuf reads it: the last value of a field
    /// and the last body of the oneof win, unknown fields are skipped (SentEnvelopeFactsTests compares it with the parse).
    /// </summary>
    public static SentEnvelopeFacts Of(byte[] signedEnvelope)
    {
        try
        {
            var content = ContentOf(signedEnvelope);
            string? treatyId = null;
            var version = 0;
            var body = EnvelopeContent.BodyOneofCase.None;
            TreatyCountersignature? countersignature = null;
            var input = content.CreateCodedInput();
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag))
                {
                    case (EnvelopeContent.TreatyIdFieldNumber, WireFormat.WireType.LengthDelimited):
                        treatyId = input.ReadString();
                        break;
                    case (EnvelopeContent.TreatyVersionFieldNumber, WireFormat.WireType.Varint):
                        version = input.ReadInt32();
                        break;
                    case (EnvelopeContent.CountersignatureFieldNumber, WireFormat.WireType.LengthDelimited):
                        // Rare, and small: parsed whole; a second one in the same oneof merges into the first, as protobuf merges it.
                        var bytes = input.ReadBytes();
                        countersignature = body == EnvelopeContent.BodyOneofCase.Countersignature && countersignature is not null
                            ? Merged(countersignature, bytes)
                            : TreatyCountersignature.Parser.ParseFrom(bytes);
                        body = EnvelopeContent.BodyOneofCase.Countersignature;
                        break;
                    case (var field and >= EnvelopeContent.SummaryFieldNumber and <= EnvelopeContent.PublicationFieldNumber, WireFormat.WireType.LengthDelimited):
                        body = (EnvelopeContent.BodyOneofCase)field;
                        input.SkipLastField();
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }

            var treaty = body == EnvelopeContent.BodyOneofCase.Countersignature
                ? AuditEntry.TreatyOf(countersignature!.TreatyId, countersignature.Version)
                : AuditEntry.TreatyOf(treatyId, version);
            var shared = body is EnvelopeContent.BodyOneofCase.Summary or EnvelopeContent.BodyOneofCase.Withdrawal
                or EnvelopeContent.BodyOneofCase.Publication;
            return new SentEnvelopeFacts(treaty, SHA256.HashData(content.Span), shared);
        }
        catch (InvalidProtocolBufferException)
        {
            // Our own sealed bytes always parse; should one not, the entry is still written, without the two facts.
            return None;
        }
    }

    /// <summary>The envelope's <c>content</c> (the last one, as protobuf takes it; empty when absent), its other fields skipped.</summary>
    private static ByteString ContentOf(byte[] signedEnvelope)
    {
        var content = ByteString.Empty;
        var input = new CodedInputStream(signedEnvelope);
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == SignedEnvelope.ContentFieldNumber && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                content = input.ReadBytes();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return content;
    }

    private static TreatyCountersignature Merged(TreatyCountersignature first, ByteString more)
    {
        var merged = first.Clone();
        merged.MergeFrom(more);
        return merged;
    }
}
