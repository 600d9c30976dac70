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
        using var limiter = Limiter(clock, new PeerLimitOverride { MessagesPerSecond = 2, Burst = 2 });
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

    private static PeerLimiter Limiter(TimeProvider clock, PeerLimitOverride de) =>
        new(Microsoft.Extensions.Options.Options.Create(new PeerLimitsOptions { Partners = { ["DE"] = de } }), clock);

    private static PeerAdmission Admit(PeerLimiter limiter, JurisdictionCode partner)
    {
        var admission = limiter.Admit(partner, 1);
        Assert.True(admission.Admitted);
        return admission;
    }
}
