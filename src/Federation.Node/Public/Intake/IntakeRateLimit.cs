using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Federation.Node.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Intake;

/// <summary>
/// The named rate-limit policy of the intake's writes: a fixed window per remote address (IPv6: per /64), shared by the form and
/// the JSON endpoint (so a bot gains nothing by switching). Reading pages (GET) is not counted. A refused request
/// gets 429 with Retry-After, the seconds until the window opens again.
/// </summary>
public sealed class IntakeRateLimit(IOptions<IntakeOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "intake";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, cancellationToken) =>
    {
        var response = context.HttpContext.Response;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await IntakeProblem.Result(StatusCodes.Status429TooManyRequests,
            "Too many reports or messages from this address; wait for the time Retry-After gives, then send again. Nothing was stored.")
            .ExecuteAsync(context.HttpContext);
    };

    /// <summary>
    /// The caller a window counts: an IPv4 address as is (an IPv4-mapped IPv6 one as its IPv4), an IPv6 address by
    /// its /64, since one host is routinely given a whole /64 and would otherwise get a fresh window per address.
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (HttpMethods.IsGet(httpContext.Request.Method) || HttpMethods.IsHead(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("read");
        }

        var limits = options.Value;
        return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(httpContext.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.PermitsPerWindow,
            Window = limits.RateLimitWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
