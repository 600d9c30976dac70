namespace Federation.Core.Dashboard;

/// <summary>
/// The current dashboard snapshot, swapped whole when a rebuild finishes (one reference write: readers never lock).
/// Requests read <see cref="Current"/>; until the first build completes they wait for it rather than show an empty
/// dashboard that would read as "nothing was ever published".
/// </summary>
public sealed class DashboardSnapshots
{
    private readonly TaskCompletionSource<DashboardSnapshot> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<(Func<DashboardSnapshot, bool> Until, TaskCompletionSource<DashboardSnapshot> Done)> _waiters = [];
    private volatile DashboardSnapshot? _current;

    /// <summary>Advisories parsed in earlier builds, by their SHA-256: a rebuild reads and parses only new or corrected ones. Used under <see cref="RebuildGate"/>.</summary>
    internal Dictionary<string, PublicAdvisory> Parsed { get; } = new(StringComparer.Ordinal);

    /// <summary>SHA-256 of documents that could not be read (left off the dashboard, logged once). Used under <see cref="RebuildGate"/>.</summary>
    internal HashSet<string> Unreadable { get; } = new(StringComparer.Ordinal);

    /// <summary>One rebuild at a time, whoever starts it (the refresher, a tool).</summary>
    internal SemaphoreSlim RebuildGate { get; } = new(1, 1);

    public DashboardSnapshot? Current => _current;

    /// <summary>The current snapshot, or the first one once built.</summary>
    public ValueTask<DashboardSnapshot> GetAsync(CancellationToken cancellationToken) =>
        _current is { } current ? ValueTask.FromResult(current) : new ValueTask<DashboardSnapshot>(_first.Task.WaitAsync(cancellationToken));

    /// <summary>
    /// The current snapshot, or the first one if it is built within <paramref name="timeout"/>; null if not, so a
    /// request answers "try again" rather than hang while the first rebuild fails or is slow.
    /// </summary>
    public async ValueTask<DashboardSnapshot?> TryGetAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (_current is { } current)
        {
            return current;
        }

        try
        {
            return await _first.Task.WaitAsync(timeout, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public void Publish(DashboardSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        List<TaskCompletionSource<DashboardSnapshot>> done = [];
        lock (_gate)
        {
            _current = snapshot;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Until(snapshot))
                {
                    done.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        _first.TrySetResult(snapshot);
        foreach (var waiter in done)
        {
            waiter.TrySetResult(snapshot);
        }
    }

    /// <summary>Completes with the first snapshot (the current one included) for which <paramref name="until"/> holds.</summary>
    public Task<DashboardSnapshot> WaitForAsync(Func<DashboardSnapshot, bool> until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(until);
        lock (_gate)
        {
            if (_current is { } current && until(current))
            {
                return Task.FromResult(current);
            }

            var done = new TaskCompletionSource<DashboardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((until, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }
}
