using System.Net;
using Federation.Node.Public.Intake;

namespace Federation.Node.Tests.Intake;

/// <summary>Who a rate-limit window counts: an IPv4 address, or an IPv6 host by its /64.</summary>
public sealed class IntakeRateLimitTests
{
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("::1", "::/64")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    public void PartitionKey_Address_Ipv6ByItsSlash64AndIpv4AsIs(string address, string key) =>
        Assert.Equal(key, IntakeRateLimit.PartitionKey(IPAddress.Parse(address)));

    [Fact]
    public void PartitionKey_OneHostsSlash64_OneWindowAndTheNextSlash64_Another()
    {
        var same = Enumerable.Range(1, 50).Select(i => IntakeRateLimit.PartitionKey(IPAddress.Parse($"2001:db8:0:1:{i:x}::{i:x}"))).Distinct().ToList();

        Assert.Single(same);
        Assert.NotEqual(same[0], IntakeRateLimit.PartitionKey(IPAddress.Parse("2001:db8:0:2::1")));
        Assert.Equal("unknown", IntakeRateLimit.PartitionKey(null));
    }
}
