using System.Diagnostics.CodeAnalysis;
using System.Threading.RateLimiting;

namespace Federation.Node.Peers;

/// <summary>A lease of <see cref="ClockedTokenBucket"/>: tokens are spent, not returned, so there is nothing to release.</summary>
public sealed class TokenBucketLease : RateLimitLease
{
    public static readonly TokenBucketLease Granted = new(true, null);

    private readonly TimeSpan? _retryAfter;

    private TokenBucketLease(bool acquired, TimeSpan? retryAfter)
    {
        IsAcquired = acquired;
        _retryAfter = retryAfter;
    }

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public static TokenBucketLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

    public override bool TryGetMetadata(string metadataName, [NotNullWhen(true)] out object? metadata)
    {
        if (_retryAfter is { } retryAfter && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = retryAfter;
            return true;
        }

        metadata = null;
        return false;
    }
}
