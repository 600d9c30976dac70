using Federation.Core.Identity;
using Federation.Node.Options;
using Federation.Node.Peers;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests;

/// <summary>The limiter's decisions on a fake clock: budgets per partner, retry delays, and who ignores them.</summary>
public sealed class PeerLimiterTests
{
    private static readonly JurisdictionCode De = JurisdictionCode.Parse("DE");
    private static readonly JurisdictionCode Jp = JurisdictionCode.Parse("JP");

    [Fact]
    public void Admit_CallingAgainInsideTheDelay_MarkedAsIgnoringRetryInfo()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // One call in flight allowed: a second refusal inside the delay cannot be another caller's first.
        using var limiter = Limiter(clock, new PeerLimitOverride { MessagesPerSecond = 2, Burst = 2, MaxCallsInFlight = 1 });
        Admit(limiter, De).Dispose();
        Admit(limiter, De).Dispose();

        using var first = limiter.Admit(De, 1);
        using var again = limiter.Admit(De, 1);
        using var jp = limiter.Admit(Jp, 1);

        Assert.False(first.Admitted);
        Assert.False(first.IgnoredRetry);
        Assert.Equal(TimeSpan.Zero, first.Hold);
        Assert.Equal(TimeSpan.FromMilliseconds(500), first.RetryAfter);
        Assert.False(again.Admitted);
        Assert.True(again.IgnoredRetry);
        // Held for IgnoredRetryHold (1 s by default), longer than the 500 ms it was told.
        Assert.Equal(TimeSpan.FromSeconds(1), again.Hold);
        Assert.True(jp.Admitted);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        using var later = limiter.Admit(De, 1);
        using var refusedAfterWaiting = limiter.Admit(De, 1);

        Assert.True(later.Admitted);
        Assert.False(refusedAfterWaiting.Admitted);
        Assert.False(refusedAfterWaiting.IgnoredRetry);
    }

    [Fact]
    public void Admit_CallsInFlight_FreedWhenTheCallEnds()
    {
        using var limiter = Limiter(new FakeTimeProvider(), new PeerLimitOverride { MaxCallsInFlight = 1 });
        var held = Admit(limiter, De);

        using var refused = limiter.Admit(De, 1);
        held.Dispose();
        using var next = limiter.Admit(De, 1);

        Assert.False(refused.Admitted);
        Assert.Equal("1 calls in flight", refused.Refusal);
        Assert.True(next.Admitted);
        Assert.Equal(1, limiter.CallsInFlight(De));
    }

    [Fact]
    public void Admit_ParallelCallersEachRefusedOnce_NotTakenForIgnoringRetryInfo_OneMoreIs()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var limiter = Limiter(clock, new PeerLimitOverride { MessagesPerSecond = 1, Burst = 1, MaxCallsInFlight = 4 });
        Admit(limiter, De).Dispose();

        // Four callers of a correct outbox, each refused once inside the same delay: as many as it may have in flight.
        var refusals = Enumerable.Range(0, 4).Select(_ => limiter.Admit(De, 1)).ToList();
        using var fifth = limiter.Admit(De, 1);

        Assert.All(refusals, r => Assert.False(r.Admitted));
        Assert.All(refusals, r => Assert.False(r.IgnoredRetry));
        Assert.All(refusals, r => Assert.Equal(TimeSpan.Zero, r.Hold));
        Assert.True(fifth.IgnoredRetry);
        Assert.True(fifth.Hold > TimeSpan.Zero);
        refusals.ForEach(r => r.Dispose());
    }

    [Fact]
    public void Admit_HeldRefusals_BoundedByTheCallsInFlightAllowed_PlaceFreedWhenAnswered()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var limiter = Limiter(clock, new PeerLimitOverride { MessagesPerSecond = 1, Burst = 1, MaxCallsInFlight = 1 });
        Admit(limiter, De).Dispose();
        using var told = limiter.Admit(De, 1);

        var held = limiter.Admit(De, 1);
        using var notHeld = limiter.Admit(De, 1);
        held.Dispose();
        using var heldAgain = limiter.Admit(De, 1);

        Assert.False(told.IgnoredRetry);
        Assert.True(held.IgnoredRetry);
        Assert.Equal(TimeSpan.FromSeconds(1), held.Hold);
        // Ignoring too, but the one place for a held refusal is taken: answered at once rather than queued without bound.
        Assert.True(notHeld.IgnoredRetry);
        Assert.Equal(TimeSpan.Zero, notHeld.Hold);
        Assert.Equal(TimeSpan.FromSeconds(1), heldAgain.Hold);
    }

    [Fact]
    public void Admit_WhileAnotherPartnerIsActive_EachHoldsItsFairShare_AloneItsWholeBudget()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new PeerLimitsOptions { MaxCallsInFlight = 8, SharedCallsInFlight = 4, ContentionWindow = TimeSpan.FromSeconds(1) };
        using var limiter = new PeerLimiter(Microsoft.Extensions.Options.Options.Create(options), clock);

        // Alone, DE may use its whole budget of 8.
        var de = Enumerable.Range(0, 8).Select(_ => Admit(limiter, De)).ToList();
        // JP comes: it is below its share (4 / 2 partners = 2) and admitted; DE, above it, is refused its next call.
        var jp = Admit(limiter, Jp);
        using var deRefused = limiter.Admit(De, 1);
        Assert.False(deRefused.Admitted);
        Assert.Equal("2 calls in flight (its fair share while other partners are active)", deRefused.Refusal);
        // JP past its share too, but DE holds more: a trickle bunched up is not refused while the flooder holds the node.
        var jpSecond = Admit(limiter, Jp);
        var jpThird = Admit(limiter, Jp);
        Assert.Equal(3, limiter.CallsInFlight(Jp));
        jpThird.Dispose();

        // JP's calls end and it stays quiet past the window: DE is alone again, and admitted above the share.
        jp.Dispose();
        jpSecond.Dispose();
        Assert.Equal(0, limiter.CallsInFlight(Jp));
        clock.Advance(TimeSpan.FromMilliseconds(500));
        using var stillContended = limiter.Admit(De, 1);
        Assert.False(stillContended.Admitted);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        de[0].Dispose();
        de.Add(Admit(limiter, De));
        Assert.Equal(8, limiter.CallsInFlight(De));
        de.ForEach(d => d.Dispose());
    }

    [Fact]
    public void Admit_TwoFlooders_EachHeldAtItsShare()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new PeerLimitsOptions { MaxCallsInFlight = 8, SharedCallsInFlight = 4 };
        using var limiter = new PeerLimiter(Microsoft.Extensions.Options.Options.Create(options), clock);

        var calls = new List<PeerAdmission>();
        for (var i = 0; i < 8; i++)
        {
            calls.Add(limiter.Admit(De, 1));
            calls.Add(limiter.Admit(Jp, 1));
        }

        // Neither may climb past the other once both are at their share: a tie refuses both.
        Assert.InRange(limiter.CallsInFlight(De), 2, 3);
        Assert.InRange(limiter.CallsInFlight(Jp), 2, 3);
        calls.ForEach(c => c.Dispose());
    }

    private static PeerLimiter Limiter(TimeProvider clock, PeerLimitOverride de) =>
        new(Microsoft.Extensions.Options.Options.Create(new PeerLimitsOptions { Partners = { ["DE"] = de } }), clock);

    private static PeerAdmission Admit(PeerLimiter limiter, JurisdictionCode partner)
    {
        var admission = limiter.Admit(partner, 1);
        Assert.True(admission.Admitted);
        return admission;
    }
}
