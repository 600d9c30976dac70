namespace Federation.Core.Publication;

/// <summary>The publication port: this node's advisories and the publications partners signalled.</summary>
public interface IPublicationStore
{
    Task<PublishedAdvisory?> FindAdvisoryByCaseAsync(string caseId, CancellationToken cancellationToken);

    Task<PublishedAdvisory?> FindAdvisoryAsync(string trackingId, CancellationToken cancellationToken);

    void AddAdvisory(PublishedAdvisory advisory);

    /// <summary>Tracked for update; one added earlier in the same unit of work is found too.</summary>
    Task<ReceivedPublication?> FindReceivedAsync(string caseId, CancellationToken cancellationToken);

    Task<ReceivedPublication?> FindReceivedByTrackingIdAsync(string trackingId, CancellationToken cancellationToken);

    void AddReceived(ReceivedPublication publication);

    /// <summary>Own advisories public at <paramref name="at"/>.</summary>
    Task<IReadOnlyList<PublishedAdvisory>> ListAdvisoriesAsync(DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReceivedPublication>> ListReceivedAsync(DateTimeOffset at, CancellationToken cancellationToken);
}
