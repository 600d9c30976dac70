using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Federation.Core.Identity;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Peers;

/// <summary>
/// Per-partner limits at the peer gate, keyed by the jurisdiction the certificate proved: a <see cref="ConcurrencyLimiter"/>
/// for calls in flight and a <see cref="TokenBucketRateLimiter"/> for messages per second, neither with a queue (a call
/// past a limit is refused at once, cheaply, before its envelope is read or verified). One partner's flood spends its
/// own budget only, so the others' calls are still admitted.
/// </summary>
/// <remarks>
/// The bucket is replenished here, lazily on each call, from the node's <see cref="TimeProvider"/>, instead of by
/// <c>PartitionedRateLimiter</c> or the bucket's own timer: both run on the machine's clock, which a test cannot move.
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
                $"{budget.Limits.MaxCallsInFlight.ToString(CultureInfo.InvariantCulture)} calls in flight", options.Value.BusyRetryDelay);
        }

        var wanted = Math.Clamp(messages, 1, budget.Limits.Burst);
        var retryAfter = budget.TryTake(wanted);
        if (retryAfter is { } delay)
        {
            call.Dispose();
            return PeerAdmission.Refuse($"{budget.Limits.MessagesPerSecond.ToString(CultureInfo.InvariantCulture)} messages per second", delay);
        }

        return PeerAdmission.Admit(call);
    }

    public void Dispose()
    {
        foreach (var budget in _budgets.Values)
        {
            budget.Dispose();
        }
    }

    private sealed class Budget : IDisposable
    {
        private readonly TokenBucketRateLimiter _messages;
        private readonly TimeProvider _clock;
        private readonly int _perPeriod;
        private readonly TimeSpan _period;
        private long _lastReplenished;

        public Budget(PartnerLimits limits, TimeProvider clock)
        {
            Limits = limits;
            _clock = clock;
            Calls = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = limits.MaxCallsInFlight, QueueLimit = 0 });
            // Ten refills a second (or one per message at low rates), so a refused partner is told to wait a tenth of a second, not a whole one.
            _perPeriod = Math.Max(1, limits.MessagesPerSecond / 10);
            _period = TimeSpan.FromSeconds((double)_perPeriod / limits.MessagesPerSecond);
            _messages = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = _perPeriod,
                ReplenishmentPeriod = _period,
                AutoReplenishment = false,
                QueueLimit = 0,
            });
            _lastReplenished = clock.GetTimestamp();
        }

        public PartnerLimits Limits { get; }

        public ConcurrencyLimiter Calls { get; }

        /// <summary>Takes <paramref name="count"/> tokens, or returns how long until there are enough.</summary>
        public TimeSpan? TryTake(int count)
        {
            lock (_messages)
            {
                var now = _clock.GetTimestamp();
                var periods = (long)(_clock.GetElapsedTime(_lastReplenished, now) / _period);
                if (periods > 0)
                {
                    // Without a timer, the periods that passed are made up now: at most enough to fill the bucket.
                    var refills = Math.Min(periods, (Limits.Burst / _perPeriod) + 1);
                    for (var i = 0; i < refills; i++)
                    {
                        _messages.TryReplenish();
                    }

                    _lastReplenished += (long)(periods * _period.TotalSeconds * _clock.TimestampFrequency);
                }

                using var lease = _messages.AttemptAcquire(count);
                if (lease.IsAcquired)
                {
                    return null;
                }

                var available = _messages.GetStatistics()?.CurrentAvailablePermits ?? 0;
                var missing = Math.Max(1, count - available);
                return _period * Math.Ceiling((double)missing / _perPeriod);
            }
        }

        public void Dispose()
        {
            Calls.Dispose();
            _messages.Dispose();
        }
    }
}
