using Federation.Core;
using Federation.Node.Options;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Federation.Node.Security;

/// <summary>
/// The revocation list this node's own CA signs ("Federation:Revocation:OwnCrl"), as partners fetch it
/// (Peer.GetRevocationList). Read again at every call: the CA's operators publish a new list by replacing the file, and
/// a partner asks once per fetch interval, so there is nothing worth caching. The signature is not checked here (this
/// node does not pin its own CA): every partner checks it against the anchor it pins, which is what counts.
/// </summary>
public sealed partial class OwnRevocationList(IOptions<RevocationOptions> options, IOptions<NodeOptions> node, ILogger<OwnRevocationList> logger)
{
    /// <summary>The list as DER.</summary>
    /// <exception cref="FederationException">FAILED_PRECONDITION when none is published; UNAVAILABLE when the file cannot be served now.</exception>
    public async Task<byte[]> ReadAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.OwnCrl;
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                "This node publishes no revocation list (Federation:Revocation:OwnCrl is not set): take its CA's list from its operators.");
        }

        // Room for the response's own framing within the peer service's message size.
        var limit = node.Value.MaxMessageBytes - 1024;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > limit)
            {
                throw Unavailable(path, $"it is {length} bytes, more than the {limit} a peer message can carry here");
            }

            var der = CrlSnapshot.ToDer(await File.ReadAllBytesAsync(path, cancellationToken));
            if (der.Length > limit)
            {
                throw Unavailable(path, $"it is {der.Length} bytes, more than the {limit} a peer message can carry here");
            }

            _ = new X509CrlParser().ReadCrl(der) ?? throw Unavailable(path, "it is not a certificate revocation list (PEM or DER)");
            return der;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(path, $"it cannot be read ({ex.GetType().Name})");
        }
        catch (Exception ex) when (ex is not FederationException and not OperationCanceledException)
        {
            // A PEM block with broken base64, or bytes BouncyCastle cannot read: the operators' file, not the caller's fault.
            throw Unavailable(path, $"it is not a certificate revocation list (PEM or DER): {ex.GetType().Name}");
        }
    }

    private FederationException Unavailable(string path, string problem)
    {
        LogUnservable(logger, path, problem);
        return new FederationException(ErrorCode.Unavailable, "This node's revocation list cannot be served at the moment; its operators are told. Retry later.");
    }

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "This node's revocation list at {Path} (Federation:Revocation:OwnCrl) cannot be served to partners: {Problem}")]
    private static partial void LogUnservable(ILogger logger, string path, string problem);
}
