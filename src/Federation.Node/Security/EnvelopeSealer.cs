using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Delivery;
using Federation.Core.Envelopes;
using Federation.Core.Identity;
using Federation.Core.Treaties;
using Countersignature = Federation.Core.Treaties.Countersignature;
using Federation.Node.Grpc.Mapping;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using DomainSummary = Federation.Core.Sharing.CaseSummary;

namespace Federation.Node.Security;

/// <summary>Serializes an outgoing summary and signs the exact bytes with this node's key.</summary>
public sealed class EnvelopeSealer : IEnvelopeSealer, IDisposable
{
    private readonly LocalNode _node;
    // Key and certificate change together (a rotation), so they are swapped as one reference: a seal never pairs the
    // new certificate with the old key.
    private Signing _signing;

    public EnvelopeSealer(LocalNode node, X509Certificate2 certificate)
    {
        _node = node;
        _signing = Signing.Of(certificate);
    }

    /// <summary>Seals with <paramref name="certificate"/> from now on (this node's certificate was rotated).</summary>
    public void Rotate(X509Certificate2 certificate)
    {
        // The old key is left to the collector, not disposed: a seal that took it a moment ago may still be signing.
        Volatile.Write(ref _signing, Signing.Of(certificate));
    }

    public byte[] Seal(string messageId, JurisdictionCode recipient, Treaty treaty, DomainSummary summary, DateTimeOffset createdAt)
    {
        var content = new EnvelopeContent
        {
            MessageId = messageId,
            Origin = _node.Jurisdiction.Value,
            Recipient = recipient.Value,
            CreatedAt = Timestamp.FromDateTimeOffset(createdAt),
            TreatyId = treaty.Id,
            TreatyVersion = treaty.Version,
            Summary = SummaryMapper.ToWire(summary),
        };
        return Sign(content);
    }

    public byte[] SealCountersignature(string messageId, JurisdictionCode recipient, Countersignature countersignature, DateTimeOffset createdAt) =>
        Sign(new EnvelopeContent
        {
            MessageId = messageId,
            Origin = _node.Jurisdiction.Value,
            Recipient = recipient.Value,
            CreatedAt = Timestamp.FromDateTimeOffset(createdAt),
            TreatyId = countersignature.TreatyId,
            TreatyVersion = countersignature.Version,
            Countersignature = new TreatyCountersignature
            {
                TreatyId = countersignature.TreatyId,
                Version = countersignature.Version,
                ContentHash = countersignature.ContentHash,
            },
        });

    public byte[] SealEmbargoSignal(string messageId, JurisdictionCode recipient, Core.Embargoes.EmbargoSignal signal, Core.Embargoes.EmbargoContext? context, DateTimeOffset createdAt) =>
        Sign(new EnvelopeContent
        {
            MessageId = messageId,
            Origin = _node.Jurisdiction.Value,
            Recipient = recipient.Value,
            CreatedAt = Timestamp.FromDateTimeOffset(createdAt),
            EmbargoSignal = EmbargoMapper.ToWire(signal, context),
        });

    public byte[] SealEmbargoRelay(string messageId, JurisdictionCode recipient, byte[] signedSignal, Core.Embargoes.EmbargoContext context, DateTimeOffset createdAt) =>
        Sign(new EnvelopeContent
        {
            MessageId = messageId,
            Origin = _node.Jurisdiction.Value,
            Recipient = recipient.Value,
            CreatedAt = Timestamp.FromDateTimeOffset(createdAt),
            EmbargoRelay = new EmbargoRelay { Signal = SignedEnvelope.Parser.ParseFrom(signedSignal), Context = EmbargoMapper.ToWire(context) },
        });

    public byte[] SealPublication(string messageId, JurisdictionCode recipient, Core.Publication.PublicationSignal signal, DateTimeOffset createdAt) =>
        Sign(new EnvelopeContent
        {
            MessageId = messageId,
            Origin = _node.Jurisdiction.Value,
            Recipient = recipient.Value,
            CreatedAt = Timestamp.FromDateTimeOffset(createdAt),
            Publication = PublicationMapper.ToWire(signal),
        });

    public byte[] SealWithdrawal(string messageId, JurisdictionCode recipient, FederationCaseId caseId, long revision, DateTimeOffset createdAt) =>
        Sign(new EnvelopeContent
        {
            MessageId = messageId,
            Origin = _node.Jurisdiction.Value,
            Recipient = recipient.Value,
            CreatedAt = Timestamp.FromDateTimeOffset(createdAt),
            Withdrawal = new SummaryWithdrawal { FederationCaseId = caseId.ToString(), Revision = revision },
        });

    private byte[] Sign(EnvelopeContent content)
    {
        var bytes = content.ToByteArray();
        var signing = Volatile.Read(ref _signing);
        var envelope = new SignedEnvelope
        {
            Content = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(EnvelopeSignature.Sign(bytes, signing.Key)),
            SignerCertificate = signing.Certificate,
        };
        return envelope.ToByteArray();
    }

    /// <summary>
    /// Signs a queued envelope again when it was sealed under an earlier node certificate (renewed or
    /// rotated since): same content, same message id, current key. Returns the bytes unchanged otherwise.
    /// </summary>
    public byte[] ResignIfStale(byte[] sealedEnvelope)
    {
        var envelope = SignedEnvelope.Parser.ParseFrom(sealedEnvelope);
        return ResignIfStale(envelope) ? envelope.ToByteArray() : sealedEnvelope;
    }

    /// <summary>
    /// The queued envelope as it goes on the wire: parsed once, and signed again as <see cref="ResignIfStale(byte[])"/>
    /// does (the sender put it straight into its request, and parsed every envelope twice when it took the bytes).
    /// </summary>
    public SignedEnvelope ForSending(byte[] sealedEnvelope)
    {
        var envelope = SignedEnvelope.Parser.ParseFrom(sealedEnvelope);
        ResignIfStale(envelope);
        return envelope;
    }

    /// <summary>
    /// A call's queued envelopes as they go on the wire to a partner that speaks federation.v3: those marked in
    /// <paramref name="sealTogether"/> under one signature over their root (<see cref="BatchSeal"/>), the others as
    /// <see cref="ForSending"/> gives them. Fewer than two to seal together keep their own signatures.
    /// </summary>
    public List<SignedEnvelope> ForSendingSealedTogether(IReadOnlyList<byte[]> sealedEnvelopes, IReadOnlyList<bool> sealTogether)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(sealTogether.Count, sealedEnvelopes.Count);
        var signing = Volatile.Read(ref _signing);
        var envelopes = new List<SignedEnvelope>(sealedEnvelopes.Count);
        var together = new List<SignedEnvelope>(sealedEnvelopes.Count);
        for (var i = 0; i < sealedEnvelopes.Count; i++)
        {
            var envelope = SignedEnvelope.Parser.ParseFrom(sealedEnvelopes[i]);
            envelopes.Add(envelope);
            if (sealTogether[i])
            {
                together.Add(envelope);
            }
            else
            {
                ResignIfStale(envelope);
            }
        }

        if (together.Count >= 2)
        {
            // One key for the whole call: the one read above, so a rotation meanwhile never splits a batch.
            BatchSeal.Apply(together, signing.Key, signing.Certificate);
        }
        else
        {
            together.ForEach(e => ResignIfStale(e));
        }

        return envelopes;
    }

    private bool ResignIfStale(SignedEnvelope envelope)
    {
        var signing = Volatile.Read(ref _signing);
        if (envelope.SignerCertificate.Equals(signing.Certificate))
        {
            return false;
        }

        envelope.Signature = ByteString.CopyFrom(EnvelopeSignature.Sign(envelope.Content.Span, signing.Key));
        envelope.SignerCertificate = signing.Certificate;
        return true;
    }

    /// <summary>
    /// Seals a queued envelope again, same message id and body, with a new creation time, when it was sealed longer ago
    /// than <paramref name="resealAfter"/>: partners refuse envelopes older than the replay window. Returns the bytes
    /// unchanged otherwise.
    /// </summary>
    public byte[] ResealIfOld(byte[] sealedEnvelope, DateTimeOffset now, TimeSpan resealAfter)
    {
        var content = EnvelopeContent.Parser.ParseFrom(SignedEnvelope.Parser.ParseFrom(sealedEnvelope).Content);
        if (content.CreatedAt is null || content.CreatedAt.ToDateTimeOffset() >= now - resealAfter)
        {
            return sealedEnvelope;
        }

        // The first sealing is kept (a second re-seal keeps the original): the receiver tells a re-sealed copy by it.
        content.FirstSealedAt ??= content.CreatedAt;
        content.CreatedAt = Timestamp.FromDateTimeOffset(now);
        return Sign(content);
    }

    public void Dispose() => _signing.Key.Dispose();

    private sealed record Signing(ECDsa Key, ByteString Certificate)
    {
        public static Signing Of(X509Certificate2 certificate) => new(
            certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The node certificate has no ECDSA private key."),
            ByteString.CopyFrom(certificate.RawData));
    }
}
