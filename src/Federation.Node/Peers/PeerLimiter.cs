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
/// While more than one partner is active (a call in flight, or admitted within <see cref="PeerLimitsOptions.ContentionWindow"/>),
/// each may hold at most its fair share of <see cref="PeerLimitsOptions.SharedCallsInFlight"/>: a partner alone may use its
/// whole budget, but a flooding one cannot keep the node's two cores busy with hundreds of calls while another waits
/// behind them (issue 10's fairness target: measured with the flood tool under the default limits).
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
        var settings = options.Value;
        var budget = _budgets.GetOrAdd(partner.Value, p => new Budget(options.Value.For(p), timeProvider));
        var (share, heaviestOther) = FairShare(budget, settings);
        var inFlight = budget.InFlight;
        // Past its share and at least as busy as every other active partner: a trickling partner whose few calls
        // bunch up behind a slow commit is not refused for it while a flooder holds more.
        if (share is { } fair && inFlight >= fair && inFlight >= heaviestOther)
        {
            return Refuse(budget, $"{fair.ToString(CultureInfo.InvariantCulture)} calls in flight (its fair share while other partners are active)", settings.BusyRetryDelay);
        }

        var call = budget.Calls.AttemptAcquire(1);
        if (!call.IsAcquired)
        {
            call.Dispose();
            return Refuse(budget, $"{budget.Limits.MaxCallsInFlight.ToString(CultureInfo.InvariantCulture)} calls in flight", settings.BusyRetryDelay);
        }

        using var tokens = budget.Messages.AttemptAcquire(Math.Clamp(messages, 1, budget.Limits.Burst));
        if (!tokens.IsAcquired)
        {
            call.Dispose();
            var delay = tokens.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            return Refuse(budget, $"{budget.Limits.MessagesPerSecond.ToString(CultureInfo.InvariantCulture)} messages per second", delay);
        }

        budget.NoteAdmitted();
        return PeerAdmission.Admit(call);
    }

    /// <summary>
    /// A refusal; one that ignores its RetryInfo is held, but only while fewer of the partner's refusals are held than
    /// it may have calls in flight: a held call is a waiting task, and a flood of them must stay bounded too.
    /// </summary>
    private PeerAdmission Refuse(Budget budget, string limit, TimeSpan delay)
    {
        var ignored = budget.NoteRefusal(delay);
        return ignored && budget.TryEnterHold()
            ? PeerAdmission.Refuse(limit, delay, ignoredRetry: true, delay > options.Value.IgnoredRetryHold ? delay : options.Value.IgnoredRetryHold, budget.ExitHold)
            : PeerAdmission.Refuse(limit, delay, ignored, TimeSpan.Zero, null);
    }

    /// <summary>
    /// The calls in flight <paramref name="budget"/>'s partner may hold now: null while it is the only active partner,
    /// else an equal part of the shared budget (at least one call, so no active partner is ever shut out); and the most
    /// calls any other active partner holds.
    /// </summary>
    private (int? Share, long HeaviestOther) FairShare(Budget budget, PeerLimitsOptions settings)
    {
        var window = (long)(settings.ContentionWindow.TotalSeconds * timeProvider.TimestampFrequency);
        var now = timeProvider.GetTimestamp();
        var active = 1;
        long heaviest = 0;
        foreach (var other in _budgets.Values)
        {
            if (!ReferenceEquals(other, budget) && other.IsActive(now, window))
            {
                active++;
                heaviest = Math.Max(heaviest, other.InFlight);
            }
        }

        return (active == 1 ? null : Math.Max(1, settings.SharedCallsInFlight / active), heaviest);
    }

    /// <summary>Calls of <paramref name="partner"/> being served now (for operators and tests).</summary>
    public long CallsInFlight(JurisdictionCode partner) =>
        _budgets.TryGetValue(partner.Value, out var budget) ? budget.InFlight : 0;

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

        private readonly Lock _refusals = new();
        private long _toldToWaitUntil;
        private int _refusedSinceTold;
        private long _lastAdmitted = long.MinValue;

        public long InFlight => Calls.GetStatistics() is { } stats ? Limits.MaxCallsInFlight - stats.CurrentAvailablePermits : 0;

        private int _held;

        public bool TryEnterHold()
        {
            if (Interlocked.Increment(ref _held) <= Limits.MaxCallsInFlight)
            {
                return true;
            }

            Interlocked.Decrement(ref _held);
            return false;
        }

        public void ExitHold() => Interlocked.Decrement(ref _held);

        public void NoteAdmitted() => Interlocked.Exchange(ref _lastAdmitted, clock.GetTimestamp());

        /// <summary>Active: a call in flight, or one admitted less than <paramref name="window"/> ticks ago (a partner sending a trickle).</summary>
        public bool IsActive(long now, long window)
        {
            var last = Interlocked.Read(ref _lastAdmitted);
            return InFlight > 0 || (last != long.MinValue && now - last < window);
        }

        /// <summary>
        /// Records a refusal with <paramref name="delay"/>; true when the partner ignores the delays it is told. Its calls
        /// are independent, so each of its callers in flight may meet one refusal inside the delay told to another: only
        /// more refusals in one delay than the calls it may have in flight show that some caller came back too early.
        /// </summary>
        public bool NoteRefusal(TimeSpan delay)
        {
            var now = clock.GetTimestamp();
            lock (_refusals)
            {
                if (_toldToWaitUntil == 0 || now >= _toldToWaitUntil)
                {
                    _toldToWaitUntil = now + (long)(delay.TotalSeconds * clock.TimestampFrequency);
                    _refusedSinceTold = 1;
                    return false;
                }

                _refusedSinceTold++;
                return _refusedSinceTold > Limits.MaxCallsInFlight;
            }
        }

        public void Dispose()
        {
            Calls.Dispose();
            Messages.Dispose();
        }
    }
}
