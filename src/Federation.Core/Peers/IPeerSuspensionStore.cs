namespace Federation.Core.Peers;

/// <summary>The suspensions port. Changes commit with the unit of work (and the audit entry that records them).</summary>
public interface IPeerSuspensionStore
{
    Task<IReadOnlyList<PeerSuspension>> ListAsync(CancellationToken cancellationToken);

    Task<PeerSuspension?> FindAsync(string jurisdiction, CancellationToken cancellationToken);

    void Add(PeerSuspension suspension);

    void Remove(PeerSuspension suspension);
}
