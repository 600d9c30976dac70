using System.Threading.RateLimiting;

namespace Federation.Node.Peers;

/// <summary>
/// The gate's answer to one call: admitted (holding a place among the partner's calls in flight until disposed), or
/// refused with the limit it went past and when to come back.
/// </summary>
public sealed class PeerAdmission : IDisposable
{
    private readonly RateLimitLease? _lease;
    private Action? _release;

    private PeerAdmission(RateLimitLease? lease, string? refusal, TimeSpan retryAfter, bool ignoredRetry, TimeSpan hold, Action? release = null)
    {
        _lease = lease;
        _release = release;
        Refusal = refusal;
        RetryAfter = retryAfter;
        IgnoredRetry = ignoredRetry;
        Hold = hold;
    }

    public bool Admitted => Refusal is null;

    /// <summary>What was exceeded, for people: "256 calls in flight", "20000 messages per second".</summary>
    public string? Refusal { get; }

    public TimeSpan RetryAfter { get; }

    /// <summary>The partner called again before the delay it was last told had passed: it does not honour RetryInfo.</summary>
    public bool IgnoredRetry { get; }

    /// <summary>How long the gate waits before it answers this refusal: zero, unless the partner ignored its last RetryInfo.</summary>
    public TimeSpan Hold { get; }

    public static PeerAdmission Admit(RateLimitLease lease) => new(lease, null, TimeSpan.Zero, false, TimeSpan.Zero);

    /// <summary>
    /// A refusal, answered after <paramref name="hold"/> (zero: at once); a held one gives its place among the partner's
    /// held refusals back through <paramref name="release"/> when disposed.
    /// </summary>
    public static PeerAdmission Refuse(string limit, TimeSpan retryAfter, bool ignoredRetry, TimeSpan hold, Action? release) =>
        new(null, limit, retryAfter, ignoredRetry, hold, release);

    public void Dispose()
    {
        _lease?.Dispose();
        Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
