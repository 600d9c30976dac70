using System.Collections.Concurrent;
using Federation.Core;
using Federation.Core.Identity;
using Federation.Node.Hosting;
using Federation.Storage.Stores;

namespace Federation.Node.Peers;

/// <summary>
/// Where each partner is reached: its configured endpoint, unless an operator set another one
/// (kept in the store, so it survives restarts). Trust anchors are never changed here.
/// </summary>
public sealed class PeerDirectory(NodeRuntime runtime, PeerEndpointStore store, TimeProvider timeProvider, CatchUp.CatchUpSignal? catchUp = null)
{
    private readonly ConcurrentDictionary<string, string> _overrides = new(StringComparer.Ordinal);

    public IEnumerable<JurisdictionCode> Partners => runtime.Anchors.ByJurisdiction.Keys.OrderBy(j => j.Value, StringComparer.Ordinal);

    public string AnchorThumbprint(JurisdictionCode partner) =>
        runtime.Anchors.ByJurisdiction.TryGetValue(partner, out var anchors) && anchors.Count > 0
            ? TrustAnchors.Thumbprint(anchors[0])
            : string.Empty;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var (jurisdiction, endpoint) in await store.LoadAsync(cancellationToken))
        {
            _overrides[jurisdiction] = endpoint;
        }
    }

    public string? EndpointOf(JurisdictionCode partner)
    {
        if (_overrides.TryGetValue(partner.Value, out var endpoint))
        {
            return endpoint;
        }

        return runtime.Options.Partners.TryGetValue(partner.Value, out var options) ? options.Endpoint : null;
    }

    public async Task SetEndpointAsync(JurisdictionCode partner, string endpoint, CancellationToken cancellationToken)
    {
        if (!runtime.Anchors.ByJurisdiction.ContainsKey(partner))
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"{partner} is not a configured partner: pin its CA in Federation:Partners:{partner}:TrustAnchor first.", "partner");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"'{endpoint}' must be an absolute https:// address.", "endpoint");
        }

        await store.SetAsync(partner.Value, endpoint, timeProvider.GetUtcNow(), cancellationToken);
        _overrides[partner.Value] = endpoint;
        // Reachable somewhere new: pull what it addressed to us while we could not reach it.
        catchUp?.Request(partner);
    }
}
