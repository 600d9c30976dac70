using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core;
using Federation.Core.Envelopes;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Federation.Node.Grpc.Mapping;
using Federation.Node.Options;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Federation.Node.Security;

/// <summary>
/// Checks an incoming envelope before anything in it is believed: the signer certificate chains to
/// the pinned anchor of the origin, the signature covers the exact content bytes, the origin is the
/// caller, the message is addressed here and not from the future.
/// </summary>
public sealed class EnvelopeVerifier(PeerIdentityResolver identities, IOptions<NodeOptions> options, TimeProvider timeProvider)
{
    private const int MaxCachedSigners = 1024;
    private const int MaxCachedBatchSignatures = 4096;

    // Partners sign with few certificates: parse each once and keep its public key, keyed by the
    // SHA-256 of its DER bytes. Trust is still decided per call (the resolver's verdicts expire).
    private readonly ConcurrentDictionary<string, Signer> _signers = new(StringComparer.Ordinal);

    // Batch signatures already found good, by signer, size, root and signature: the envelopes of one call share one, and
    // it is verified for the first of them only. Only a signature that verified is kept, so nothing false can be kept.
    private readonly ConcurrentDictionary<string, bool> _goodBatchSignatures = new(StringComparer.Ordinal);
    private long _batchSealed;
    private long _batchSignaturesVerified;

    /// <summary>Envelopes taken under a batch seal (federation.v3) since start.</summary>
    public long BatchSealedEnvelopes => Interlocked.Read(ref _batchSealed);

    /// <summary>Batch signatures verified by ECDSA since start: one a call when the calls' envelopes share one.</summary>
    public long BatchSignaturesVerified => Interlocked.Read(ref _batchSignaturesVerified);

    public VerifiedEnvelope Verify(SignedEnvelope envelope, PeerIdentity caller)
    {
        var seal = envelope.BatchSeal;
        if (envelope.Content.IsEmpty || (envelope.Signature.IsEmpty && seal is null) || envelope.SignerCertificate.IsEmpty)
        {
            throw new FederationException(ErrorCode.SignatureInvalid,
                "The envelope is unsigned: content, signature (or batch_seal) and signer_certificate are all required.", "signature");
        }

        if (seal is not null && !envelope.Signature.IsEmpty)
        {
            throw new FederationException(ErrorCode.SignatureInvalid,
                "The envelope carries both a signature and a batch_seal: it has one or the other.", "batch_seal");
        }

        var signer = SignerOf(envelope.SignerCertificate);
        {
            PeerIdentity signerIdentity;
            try
            {
                signerIdentity = identities.Resolve(signer.Certificate, out _);
            }
            catch (FederationException ex)
            {
                throw new FederationException(ErrorCode.SignerNotTrusted, $"The envelope's signer is not trusted: {ex.Message}", "signer_certificate");
            }

            if (seal is not null)
            {
                VerifyBatchSeal(envelope.Content, seal, signer);
            }
            else if (signer.Key is null || !EnvelopeSignature.Verify(envelope.Content.Span, envelope.Signature.Span, signer.Key))
            {
                throw new FederationException(ErrorCode.SignatureInvalid,
                    "The envelope's signature does not match its content: it was tampered with or signed by another key.", "signature");
            }

            var content = Parse(envelope.Content);
            if (seal is not null && content.BodyCase is EnvelopeContent.BodyOneofCase.Countersignature
                    or EnvelopeContent.BodyOneofCase.EmbargoSignal or EnvelopeContent.BodyOneofCase.EmbargoRelay)
            {
                // Their signed bytes are kept to show others (a treaty's evidence; a signal relayed on to participants,
                // some of which may predate batch seals): each must carry a signature of its own, as our senders give it.
                throw new FederationException(ErrorCode.SignatureInvalid,
                    "A countersignature, embargo signal or embargo relay carries its own signature, never a batch_seal.", "batch_seal");
            }

            if (!JurisdictionCode.TryParse(content.Origin, out var origin) || origin.Value != content.Origin)
            {
                throw new FederationException(ErrorCode.InvalidArgument, $"origin '{content.Origin}' is not a jurisdiction code.", "origin");
            }

            if (signerIdentity.Jurisdiction != origin)
            {
                throw new FederationException(ErrorCode.SignerNotTrusted,
                    $"The envelope claims origin {origin} but is signed by a key of {signerIdentity.Jurisdiction}.", "origin");
            }

            if (caller.Jurisdiction != origin)
            {
                throw new FederationException(ErrorCode.PermissionDenied,
                    $"{caller.Jurisdiction} delivered an envelope from {origin}; relaying is not supported, each origin delivers its own.", "origin");
            }

            if (!JurisdictionCode.TryParse(content.Recipient, out var recipient))
            {
                throw new FederationException(ErrorCode.InvalidArgument, $"recipient '{content.Recipient}' is not a jurisdiction code.", "recipient");
            }

            if (!MessageId.IsValid(content.MessageId, origin))
            {
                throw new FederationException(ErrorCode.InvalidArgument,
                    $"message_id '{content.MessageId}' is not a message id of {origin} (expected {origin}-M- and a ULID).", "message_id");
            }

            if (content.CreatedAt is null)
            {
                throw new FederationException(ErrorCode.InvalidArgument, "created_at is required.", "created_at");
            }

            // Seconds outside 0001..9999 cannot be converted: refused as malformed, not as a crash.
            var createdAt = EmbargoMapper.Instant(content.CreatedAt, "created_at");
            if (createdAt > timeProvider.GetUtcNow() + options.Value.MaxClockSkew)
            {
                throw new FederationException(ErrorCode.StaleEnvelope,
                    $"created_at {createdAt:u} is in the future beyond the allowed clock skew of {options.Value.MaxClockSkew}; check the sender's clock.", "created_at");
            }

            if (createdAt < timeProvider.GetUtcNow() - options.Value.MaxEnvelopeAge)
            {
                throw new FederationException(ErrorCode.StaleEnvelope,
                    $"created_at {createdAt:u} is older than the replay window of {options.Value.MaxEnvelopeAge}; an undelivered message is re-sealed by its origin under the same message id.", "created_at");
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(envelope.Content.Span));
            // The bytes go with it in case its handler fails and it is quarantined (about a microsecond per kilobyte).
            var sealedBytes = envelope.ToByteArray();
            EnvelopeHeader Header(string treatyId, int treatyVersion) =>
                new(content.MessageId, origin, recipient, createdAt, treatyId, treatyVersion, hash, content.FirstSealedAt is not null) { Sealed = sealedBytes };
            switch (content.BodyCase)
            {
                case EnvelopeContent.BodyOneofCase.Summary:
                    if (string.IsNullOrEmpty(content.TreatyId) || content.TreatyVersion <= 0)
                    {
                        throw new FederationException(ErrorCode.InvalidArgument, "treaty_id and treaty_version are required with a summary.", "treaty_id");
                    }

                    return new SummaryEnvelope(Header(content.TreatyId, content.TreatyVersion), SummaryMapper.ToDomain(content.Summary));
                case EnvelopeContent.BodyOneofCase.Withdrawal:
                    return new WithdrawalEnvelope(Header(content.TreatyId, content.TreatyVersion), SummaryMapper.ToDomain(content.Withdrawal));
                case EnvelopeContent.BodyOneofCase.Countersignature:
                    var c = content.Countersignature;
                    if (string.IsNullOrEmpty(c.TreatyId) || c.Version <= 0 || c.ContentHash.Length != 64 || !c.ContentHash.All(char.IsAsciiHexDigitLower))
                    {
                        throw new FederationException(ErrorCode.InvalidArgument,
                            "A countersignature needs treaty_id, a positive version and a 64-character lower-case hex content_hash.", "countersignature");
                    }

                    return new CountersignatureEnvelope(Header(c.TreatyId, c.Version),
                        new Federation.Core.Treaties.Countersignature(c.TreatyId, c.Version, c.ContentHash), sealedBytes);
                case EnvelopeContent.BodyOneofCase.EmbargoSignal:
                    var signal = EmbargoMapper.ToDomain(content.EmbargoSignal, origin);
                    return new EmbargoSignalEnvelope(Header(string.Empty, 0), signal,
                        EmbargoMapper.ToDomain(content.EmbargoSignal.Context, signal.CaseId), sealedBytes);
                case EnvelopeContent.BodyOneofCase.EmbargoRelay:
                    return VerifyRelay(content, Header(string.Empty, 0));
                case EnvelopeContent.BodyOneofCase.Publication:
                    return new PublicationEnvelope(Header(string.Empty, 0), PublicationMapper.ToDomain(content.Publication));
                default:
                    throw new FederationException(ErrorCode.InvalidArgument,
                        "The envelope carries no summary, withdrawal, countersignature, embargo signal or publication; this node understands those.", "body");
            }
        }
    }

    /// <summary>
    /// A case's origin relays a participant's signal: the inner envelope must carry its own sender's
    /// valid signature (chaining to that sender's pinned anchor), so a relay can pass a signal on but
    /// never make one up.
    /// </summary>
    private EmbargoRelayEnvelope VerifyRelay(EnvelopeContent outer, EnvelopeHeader header)
    {
        var relay = outer.EmbargoRelay;
        if (relay.Signal is null)
        {
            throw new FederationException(ErrorCode.InvalidArgument, "An embargo relay needs the relayed signal.", "embargo_relay.signal");
        }

        var innerContent = Parse(relay.Signal.Content);
        if (innerContent.BodyCase != EnvelopeContent.BodyOneofCase.EmbargoSignal)
        {
            // Checked before the inner signature, so relays can never nest.
            throw new FederationException(ErrorCode.InvalidArgument, "Only embargo signals are relayed.", "embargo_relay.signal");
        }

        if (!JurisdictionCode.TryParse(innerContent.Origin, out var sender))
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"The relayed signal's origin '{innerContent.Origin}' is not a jurisdiction code.", "embargo_relay.signal");
        }

        // The inner envelope is checked as if its sender had called, except for who delivered it.
        if (Verify(relay.Signal, new PeerIdentity(sender, "relayed", DateTimeOffset.MaxValue)) is not EmbargoSignalEnvelope inner)
        {
            throw new FederationException(ErrorCode.InvalidArgument, "Only embargo signals are relayed.", "embargo_relay.signal");
        }

        return new EmbargoRelayEnvelope(header, inner.Signal, EmbargoMapper.ToDomain(relay.Context, inner.Signal.CaseId), relay.Signal.ToByteArray());
    }

    /// <summary>
    /// The batch form: the content's leaf and its path lead to a root, and the one signature of the call covers that root
    /// and size. An altered envelope leads to another root, so it alone is refused; the others still lead to the signed one.
    /// </summary>
    private void VerifyBatchSeal(ByteString content, EnvelopeBatchSeal seal, Signer signer)
    {
        if (seal.Path.Count > EnvelopeBatchSignature.MaxPathLength)
        {
            // Before anything is copied: a path longer than any batch has costs nothing to refuse.
            throw new FederationException(ErrorCode.SignatureInvalid,
                $"The envelope's batch_seal has a path of {seal.Path.Count}; a batch of at most {EnvelopeBatchSignature.MaxSize} needs {EnvelopeBatchSignature.MaxPathLength} at most.", "batch_seal");
        }

        var path = new byte[seal.Path.Count][];
        for (var i = 0; i < path.Length; i++)
        {
            path[i] = seal.Path[i].ToByteArray();
        }

        if (EnvelopeBatchSignature.RootOf(content.Span, seal.Index, seal.Size, path) is not { } root)
        {
            throw new FederationException(ErrorCode.SignatureInvalid,
                $"The envelope's batch_seal does not fit together: index {seal.Index} of {seal.Size} (at most {EnvelopeBatchSignature.MaxSize}) with a path of {seal.Path.Count}.", "batch_seal");
        }

        var key = $"{signer.Fingerprint}|{seal.Size}|{Convert.ToBase64String(root)}|{Convert.ToBase64String(seal.Signature.Span)}";
        if (_goodBatchSignatures.ContainsKey(key))
        {
            Interlocked.Increment(ref _batchSealed);
            return;
        }

        if (signer.Key is null || !EnvelopeBatchSignature.Verify((long)seal.Size, root, seal.Signature.Span, signer.Key))
        {
            throw new FederationException(ErrorCode.SignatureInvalid,
                "The envelope's batch signature does not cover its content: it was tampered with, or signed by another key.", "signature");
        }

        if (_goodBatchSignatures.Count >= MaxCachedBatchSignatures)
        {
            _goodBatchSignatures.Clear();
        }

        _goodBatchSignatures.TryAdd(key, true);
        Interlocked.Increment(ref _batchSignaturesVerified);
        Interlocked.Increment(ref _batchSealed);
    }

    private Signer SignerOf(ByteString der)
    {
        var key = Convert.ToHexString(SHA256.HashData(der.Span));
        if (_signers.TryGetValue(key, out var cached))
        {
            return cached;
        }

        X509Certificate2 certificate;
        ECDsa? publicKey;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der.Span);
            // Parsed lazily: the key, validity and extensions are read now, so a certificate corrupt inside is refused
            // here rather than failing this node later (a fuzz finding).
            publicKey = certificate.GetECDsaPublicKey();
            _ = certificate.NotAfter;
            _ = certificate.Extensions.Count;
        }
        catch (CryptographicException)
        {
            throw new FederationException(ErrorCode.SignatureInvalid, "signer_certificate is not a readable DER X.509 certificate.", "signer_certificate");
        }

        if (_signers.Count >= MaxCachedSigners)
        {
            // Unbounded growth would let a caller exhaust memory with made-up certificates.
            _signers.Clear();
        }

        var signer = new Signer(certificate, publicKey, key);
        return _signers.GetOrAdd(key, signer);
    }

    private sealed record Signer(X509Certificate2 Certificate, ECDsa? Key, string Fingerprint);

    private static EnvelopeContent Parse(ByteString bytes)
    {
        try
        {
            return EnvelopeContent.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"The envelope content is not a valid EnvelopeContent message: {ex.Message}", "content");
        }
    }
}
