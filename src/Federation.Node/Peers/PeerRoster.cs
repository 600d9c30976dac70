using Federation.Core.Delivery;
using Federation.Core.Identity;

namespace Federation.Node.Peers;

/// <summary>The partners with pinned anchors, with their endpoints and the messages queued for each.</summary>
public sealed class PeerRoster(PeerDirectory directory, IOutbox outbox, Core.CatchUp.IPeerLog log)
{
    public async Task<IReadOnlyList<PeerStanding>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<PeerStanding>();
        var cursors = (await log.ListCursorsAsync(cancellationToken)).ToDictionary(c => c.Partner, StringComparer.Ordinal);
        foreach (var partner in directory.Partners)
        {
            list.Add(await StandingAsync(partner, cancellationToken) with { CatchUp = cursors.GetValueOrDefault(partner.Value) });
        }

        return list;
    }

    public async Task<PeerStanding> SetEndpointAsync(JurisdictionCode partner, string endpoint, CancellationToken cancellationToken)
    {
        await directory.SetEndpointAsync(partner, endpoint, cancellationToken);
        return await StandingAsync(partner, cancellationToken);
    }

    private async Task<PeerStanding> StandingAsync(JurisdictionCode partner, CancellationToken cancellationToken) =>
        new(partner, directory.EndpointOf(partner), directory.AnchorThumbprint(partner), await outbox.PendingCountAsync(partner.Value, cancellationToken));
}
