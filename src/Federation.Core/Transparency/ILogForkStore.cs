using Federation.Core.Abstractions;

namespace Federation.Core.Transparency;

/// <summary>The fork evidence port. Changes commit with the unit of work (and the audit entry that records them); nothing is ever deleted.</summary>
public interface ILogForkStore
{
    /// <summary>Every fork recorded, cleared or not, newest first.</summary>
    Task<Page<LogFork>> ListAsync(PageRequest page, CancellationToken cancellationToken);

    /// <summary>A log's forks no operator has cleared yet (tracked: clearing one changes it).</summary>
    Task<IReadOnlyList<LogFork>> OpenAsync(string log, CancellationToken cancellationToken);

    /// <summary>Every fork no operator has cleared yet, of any log, oldest first (at most <paramref name="limit"/>).</summary>
    Task<IReadOnlyList<LogFork>> AllOpenAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the fork to the unit of work. A log has at most one open fork: the save of a second one (another witness on
    /// this store recorded it first) throws <see cref="ForkRecordedAlreadyException"/>, and only that violation does.
    /// </summary>
    void Add(LogFork fork);

    /// <summary>
    /// Clears the fork in the unit of work, and starts the witnessing of its log over: from then on
    /// <see cref="ICheckpointStore.LatestAsync"/> of that log counts only checkpoints kept after the clearing, so the
    /// partner's next checkpoint is taken as a first one. Those kept before stay, as evidence.
    /// </summary>
    Task ClearAsync(LogFork fork, string operatorName, string reason, DateTimeOffset at, CancellationToken cancellationToken);
}
