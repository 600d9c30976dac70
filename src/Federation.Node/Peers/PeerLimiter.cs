using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Federation.Core.Identity;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Peers;

/// <summary>
/// Per-partner limits at the peer gate, keyed by the jurisdiction the certificate proved: a <see cref="ConcurrencyLimiter"/>
/// for calls in flight and a token bucket (<see cref="ClockedTokenBucket"/>) for messages per second, neither with a queue (a call
/// past a limit is refused at once, cheaply, before its envelope is read or verified). One partner's flood spends its
/// own budget only, so the others' calls are still admitted.
/// </summary>
/// <remarks>
/// Partners are a closed, small set (the pinned anchors), so a dictionary keyed by jurisdiction partitions the limiters;
/// <c>PartitionedRateLimiter</c> would add a heartbeat timer on the machine's clock, which a test cannot move.
/// </remarks>
public sealed class PeerLimiter(IOptions<PeerLimitsOptions> options, TimeProvider timeProvider) : IDisposable
{
    private readonly ConcurrentDictionary<string, Budget> _budgets = new(StringComparer.Ordinal);

    /// <summary>Asks for one call carrying <paramref name="messages"/> messages; dispose the admission when the call ends.</summary>
    public PeerAdmission Admit(JurisdictionCode partner, int messages)
    {
        var budget = _budgets.GetOrAdd(partner.Value, p => new Budget(options.Value.For(p), timeProvider));
        var call = budget.Calls.AttemptAcquire(1);
        if (!call.IsAcquired)
        {
            call.Dispose();
            return PeerAdmission.Refuse(
                $"{budget.Limits.MaxCallsInFlight.ToString(CultureInfo.InvariantCulture)} calls in flight", options.Value.BusyRetryDelay,
                budget.NoteRefusal(options.Value.BusyRetryDelay), options.Value.IgnoredRetryHold);
        }

        using var tokens = budget.Messages.AttemptAcquire(Math.Clamp(messages, 1, budget.Limits.Burst));
        if (!tokens.IsAcquired)
        {
            call.Dispose();
            var delay = tokens.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            return PeerAdmission.Refuse($"{budget.Limits.MessagesPerSecond.ToString(CultureInfo.InvariantCulture)} messages per second", delay,
                budget.NoteRefusal(delay), options.Value.IgnoredRetryHold);
        }

        return PeerAdmission.Admit(call);
    }

    /// <summary>Calls of <paramref name="partner"/> being served now (for operators and tests).</summary>
    public long CallsInFlight(JurisdictionCode partner) =>
        _budgets.TryGetValue(partner.Value, out var budget) && budget.Calls.GetStatistics() is { } stats
            ? budget.Limits.MaxCallsInFlight - stats.CurrentAvailablePermits
            : 0;

    public void Dispose()
    {
        foreach (var budget in _budgets.Values)
        {
            budget.Dispose();
        }
    }

    private sealed class Budget(PartnerLimits limits, TimeProvider clock) : IDisposable
    {
        public PartnerLimits Limits { get; } = limits;

        public ConcurrencyLimiter Calls { get; } = new(new ConcurrencyLimiterOptions { PermitLimit = limits.MaxCallsInFlight, QueueLimit = 0 });

        public ClockedTokenBucket Messages { get; } = new(limits.Burst, limits.MessagesPerSecond, clock);

        private long _toldToWaitUntil;

        /// <summary>Records a refusal with <paramref name="delay"/>; true when the partner was still inside the delay it was told before.</summary>
        public bool NoteRefusal(TimeSpan delay)
        {
            var now = clock.GetTimestamp();
            var until = now + (long)(delay.TotalSeconds * clock.TimestampFrequency);
            var previous = Interlocked.Exchange(ref _toldToWaitUntil, until);
            return previous != 0 && now < previous;
        }

        public void Dispose()
        {
            Calls.Dispose();
            Messages.Dispose();
        }
    }
}
