using Federation.Core;
using Federation.Core.Identity;
using Federation.Node.Peers;
using Grpc.Core;

namespace Federation.Node.Security;

/// <summary>
/// Fetches the revocation list of every partner with "Federation:Partners:J:FetchCrl" from its peer service
/// (Peer.GetRevocationList) and offers it to <see cref="PartnerRevocation"/>, which verifies it and takes it only when
/// newer. Run every "Federation:Revocation:FetchInterval" by <see cref="TrustFilesReloader"/>, which audits what changed.
/// A partner that cannot be reached, or publishes none, is told in the log once per distinct failure and tried at the next pass.
/// </summary>
public sealed partial class RevocationListFetcher(PartnerRevocation revocation, PeerClient client, PeerDirectory directory, TimeProvider timeProvider, ILogger<RevocationListFetcher> logger)
{
    private readonly Dictionary<JurisdictionCode, string> _lastFailure = [];

    /// <summary>One pass over the partners whose lists are fetched; returns the lists taken or refused.</summary>
    public async Task<IReadOnlyList<TrustChange>> FetchAllAsync(CancellationToken cancellationToken)
    {
        var changes = new List<TrustChange>();
        foreach (var partner in revocation.FetchedPartners.OrderBy(p => p.Value, StringComparer.Ordinal))
        {
            if (directory.EndpointOf(partner) is null)
            {
                Failed(partner, "no endpoint is known for it yet");
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = (await client.GetRevocationListAsync(partner, cancellationToken)).Crl.ToByteArray();
            }
            catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
            {
                // The partner's words: bounded before they reach the log.
                Failed(partner, BoundedText.Of($"{ex.StatusCode}: {ex.Status.Detail}", BoundedText.StatusMessage));
                continue;
            }
            catch (Exception ex) when (ex is FederationException or HttpRequestException or IOException or TimeoutException)
            {
                Failed(partner, BoundedText.Of(ex.Message, BoundedText.StatusMessage));
                continue;
            }

            if (_lastFailure.Remove(partner))
            {
                LogFetchRecovered(logger, partner.Value);
            }

            changes.AddRange(revocation.Offer(partner, bytes, timeProvider.GetUtcNow()));
        }

        return changes;
    }

    private void Failed(JurisdictionCode partner, string failure)
    {
        if (_lastFailure.TryGetValue(partner, out var last) && last == failure)
        {
            return;
        }

        _lastFailure[partner] = failure;
        LogFetchFailed(logger, partner.Value, failure);
    }

    [LoggerMessage(EventId = 1308, Level = LogLevel.Warning, Message = "Fetching the revocation list of {Partner} failed; it is tried again at the next pass: {Failure}")]
    private static partial void LogFetchFailed(ILogger logger, string partner, string failure);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Information, Message = "The revocation list of {Partner} is fetched again")]
    private static partial void LogFetchRecovered(ILogger logger, string partner);
}
