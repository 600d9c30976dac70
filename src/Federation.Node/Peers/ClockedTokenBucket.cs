using System.Threading.RateLimiting;

namespace Federation.Node.Peers;

/// <summary>
/// A token bucket (<paramref name="tokenLimit"/> tokens, refilled continuously at <paramref name="tokensPerSecond"/>) that
/// reads the node's <see cref="TimeProvider"/>. The library's <see cref="TokenBucketRateLimiter"/> refills from
/// <c>Stopwatch</c> whatever it is given (its timer, or <c>TryReplenish</c>), so no test could move its clock; this is
/// the same contract (a <see cref="RateLimiter"/>, a refused lease carrying <see cref="MetadataName.RetryAfter"/>) on
/// the clock everything else in the node uses. No queue: a request past the limit is refused at once.
/// </summary>
public sealed class ClockedTokenBucket(int tokenLimit, double tokensPerSecond, TimeProvider clock) : RateLimiter
{
    private readonly Lock _lock = new();
    private double _tokens = tokenLimit;
    private long _refilledAt = clock.GetTimestamp();

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)_tokens };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, tokenLimit);
        lock (_lock)
        {
            Refill();
            if (_tokens >= permitCount)
            {
                _tokens -= permitCount;
                return TokenBucketLease.Granted;
            }

            // Whole milliseconds, rounded up: coming back at that instant finds enough tokens.
            var seconds = (permitCount - _tokens) / tokensPerSecond;
            return TokenBucketLease.Refused(TimeSpan.FromMilliseconds(Math.Ceiling(seconds * 1000)));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        var now = clock.GetTimestamp();
        _tokens = Math.Min(tokenLimit, _tokens + (clock.GetElapsedTime(_refilledAt, now).TotalSeconds * tokensPerSecond));
        _refilledAt = now;
    }
}
