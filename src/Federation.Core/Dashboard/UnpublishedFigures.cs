namespace Federation.Core.Dashboard;

/// <summary>
/// What the public may know about cases not (yet) published: bucketed counts only (<see cref="CountBucket"/>).
/// A case whose advisory exists but is not yet public counts as being coordinated, like any other unpublished case.
/// </summary>
public sealed record UnpublishedFigures(CountBucket Total, CountBucket Received, CountBucket Coordinating, CountBucket ClosedUnpublished)
{
    public static UnpublishedFigures FromCounts(int received, int coordinating, int closedUnpublished) => new(
        CountBucket.Of(received + coordinating + closedUnpublished),
        CountBucket.Of(received),
        CountBucket.Of(coordinating),
        CountBucket.Of(closedUnpublished));
}
