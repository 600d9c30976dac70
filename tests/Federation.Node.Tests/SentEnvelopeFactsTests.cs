using System.Security.Cryptography;
using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Node.Outbox;
using Google.Protobuf;

namespace Federation.Node.Tests;

/// <summary>
/// The sender's facts of an envelope (treaty, digest, whether it may share a batch signature) are read from the wire
/// without parsing its body; they are the facts the full parse gives, for every kind of body and for the wire's
/// corner cases: a field given twice, two bodies of the oneof, unknown fields, a field of the wrong wire type.
/// </summary>
public sealed class SentEnvelopeFactsTests
{
    [Fact]
    public void Of_EveryKindOfBody_TheFactsOfTheFullParse()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = Envelope(random);
            var expected = Parsed(bytes);
            var skimmed = SentEnvelopeFacts.Of(bytes);

            Assert.Equal(expected.Treaty, skimmed.Treaty);
            Assert.Equal(expected.Digest, skimmed.Digest);
            Assert.Equal(expected.MayShareSignature, skimmed.MayShareSignature);
        }
    }

    [Fact]
    public void Of_ASummary_NamesItsTreatyAndDigestAndMayShare()
    {
        var content = new EnvelopeContent { MessageId = "m-1", TreatyId = "ai-vuln-eu-2026", TreatyVersion = 3, Summary = new CaseSummary { FederationCaseId = "FR-2026-0001", Revision = 2 } };
        var bytes = new SignedEnvelope { Content = content.ToByteString(), Signature = ByteString.CopyFrom(1, 2, 3) }.ToByteArray();

        var facts = SentEnvelopeFacts.Of(bytes);

        Assert.Equal("ai-vuln-eu-2026@3", facts.Treaty);
        Assert.Equal(SHA256.HashData(content.ToByteArray()), facts.Digest);
        Assert.True(facts.MayShareSignature);
    }

    [Fact]
    public void Of_NotAnEnvelope_NoFacts()
    {
        var facts = SentEnvelopeFacts.Of([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);

        Assert.Null(facts.Treaty);
        Assert.Null(facts.Digest);
        Assert.False(facts.MayShareSignature);
    }

    // The facts as they were first computed: by parsing the envelope and its content whole.
    private static SentEnvelopeFacts Parsed(byte[] signedEnvelope)
    {
        var content = SignedEnvelope.Parser.ParseFrom(signedEnvelope).Content;
        var body = EnvelopeContent.Parser.ParseFrom(content);
        var treaty = body.BodyCase == EnvelopeContent.BodyOneofCase.Countersignature
            ? AuditEntry.TreatyOf(body.Countersignature.TreatyId, body.Countersignature.Version)
            : AuditEntry.TreatyOf(body.TreatyId, body.TreatyVersion);
        var shared = body.BodyCase is EnvelopeContent.BodyOneofCase.Summary or EnvelopeContent.BodyOneofCase.Withdrawal or EnvelopeContent.BodyOneofCase.Publication;
        return new SentEnvelopeFacts(treaty, SHA256.HashData(content.Span), shared);
    }

    private static byte[] Envelope(Random random)
    {
        var content = new EnvelopeContent
        {
            MessageId = $"m-{random.Next()}",
            Origin = "FR",
            Recipient = "DE",
            TreatyId = random.Next(5) == 0 ? string.Empty : $"treaty-{random.Next(3)}",
            TreatyVersion = random.Next(-1, 4),
        };
        Body(content, random);
        var contentBytes = content.ToByteArray();
        using var extra = new MemoryStream();
        var output = new CodedOutputStream(extra);
        // The wire's corner cases, appended after the content's own fields, each a protobuf parser must take as it comes.
        switch (random.Next(6))
        {
            case 0:
                output.WriteTag(EnvelopeContent.TreatyIdFieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteString($"later-{random.Next(3)}");
                break;
            case 1:
                // A second body: the oneof's last one is the envelope's.
                var second = new EnvelopeContent();
                Body(second, random);
                second.WriteTo(output);
                break;
            case 2:
                output.WriteTag(99, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(new byte[random.Next(0, 40)]));
                output.WriteTag(98, WireFormat.WireType.Varint);
                output.WriteInt64(random.NextInt64());
                break;
            case 3:
                // The treaty version as a length-delimited field: an unknown field to the parser, skipped.
                output.WriteTag(EnvelopeContent.TreatyVersionFieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(7, 7));
                break;
            case 4:
                output.WriteTag(EnvelopeContent.TreatyVersionFieldNumber, WireFormat.WireType.Varint);
                output.WriteInt32(random.Next(10, 20));
                break;
        }

        output.Flush();
        var allContent = ByteString.CopyFrom([.. contentBytes, .. extra.ToArray()]);
        var envelope = new SignedEnvelope { Content = allContent, Signature = ByteString.CopyFrom(new byte[random.Next(0, 72)]) };
        if (random.Next(4) == 0)
        {
            envelope.BatchSeal = new EnvelopeBatchSeal { Size = 2, Index = 1, Signature = ByteString.CopyFrom(1, 2) };
        }

        var bytes = envelope.ToByteArray();
        // A content given twice: the last one is the envelope's.
        return random.Next(8) == 0
            ? [.. new SignedEnvelope { Content = ByteString.CopyFromUtf8("earlier") }.ToByteArray(), .. bytes]
            : bytes;
    }

    private static void Body(EnvelopeContent content, Random random)
    {
        switch (random.Next(7))
        {
            case 0:
                content.Summary = new CaseSummary { FederationCaseId = "FR-2026-0001", Revision = random.Next(1, 9) };
                break;
            case 1:
                content.Withdrawal = new SummaryWithdrawal { FederationCaseId = "FR-2026-0001", Revision = 2 };
                break;
            case 2:
                content.Countersignature = new TreatyCountersignature { TreatyId = $"cs-{random.Next(3)}", Version = random.Next(0, 3), ContentHash = "ab" };
                break;
            case 3:
                content.EmbargoSignal = new EmbargoSignal { SignalId = "s-1", FederationCaseId = "FR-2026-0001" };
                break;
            case 4:
                content.EmbargoRelay = new EmbargoRelay { Signal = new SignedEnvelope { Content = ByteString.CopyFromUtf8("x") } };
                break;
            case 5:
                content.Publication = new CasePublication { FederationCaseId = "FR-2026-0001" };
                break;
        }
    }
}
