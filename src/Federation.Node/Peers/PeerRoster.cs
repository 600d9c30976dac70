using Federation.Core.Delivery;
using Federation.Core.Identity;

namespace Federation.Node.Peers;

/// <summary>The partners with pinned anchors, with their endpoints, the messages queued for each, their suspensions and catch-up cursors.</summary>
public sealed class PeerRoster(PeerDirectory directory, PeerSuspensions suspensions, IOutbox outbox, Core.CatchUp.IPeerLog log)
{
    public async Task<IReadOnlyList<PeerStanding>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<PeerStanding>();
        var cursors = await log.ListCursorsAsync(cancellationToken);
        foreach (var partner in directory.Partners)
        {
            list.Add(await StandingAsync(partner, cursors, cancellationToken));
        }

        return list;
    }

    public async Task<PeerStanding> SetEndpointAsync(JurisdictionCode partner, string endpoint, CancellationToken cancellationToken)
    {
        await directory.SetEndpointAsync(partner, endpoint, cancellationToken);
        return await StandingAsync(partner, cancellationToken);
    }

    public async Task<PeerStanding> SuspendAsync(JurisdictionCode partner, string? reason, string actor, CancellationToken cancellationToken)
    {
        await suspensions.SuspendAsync(partner, reason, actor, cancellationToken);
        return await StandingAsync(partner, cancellationToken);
    }

    public async Task<PeerStanding> ResumeAsync(JurisdictionCode partner, string actor, CancellationToken cancellationToken)
    {
        await suspensions.ResumeAsync(partner, actor, cancellationToken);
        return await StandingAsync(partner, cancellationToken);
    }

    private async Task<PeerStanding> StandingAsync(JurisdictionCode partner, CancellationToken cancellationToken) =>
        await StandingAsync(partner, await log.ListCursorsAsync(cancellationToken), cancellationToken);

    private async Task<PeerStanding> StandingAsync(JurisdictionCode partner, IReadOnlyList<Core.CatchUp.CatchUpCursor> cursors, CancellationToken cancellationToken) =>
        new(partner, directory.EndpointOf(partner), directory.AnchorThumbprint(partner), await outbox.PendingCountAsync(partner.Value, cancellationToken),
            suspensions.Of(partner))
        {
            CatchUp = cursors.FirstOrDefault(c => c.Partner == partner.Value),
        };
}
