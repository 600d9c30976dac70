using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:Peer:Limits": a zero limit would refuse every call, a bucket smaller than a second's rate could never be filled.</summary>
public sealed class PeerLimitsOptionsValidator : IValidateOptions<PeerLimitsOptions>
{
    private const string Section = PeerLimitsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PeerLimitsOptions options)
    {
        var check = new OptionsCheck();
        Check(check, Section, options.MaxCallsInFlight, options.MessagesPerSecond, options.Burst);
        if (options.BusyRetryDelay < TimeSpan.FromMilliseconds(1) || options.BusyRetryDelay > TimeSpan.FromMinutes(10))
        {
            check.Fail($"{Section}:BusyRetryDelay", $"{options.BusyRetryDelay} must be between 00:00:00.001 and 00:10:00.");
        }

        if (options.IgnoredRetryHold < TimeSpan.Zero || options.IgnoredRetryHold > TimeSpan.FromMinutes(10))
        {
            check.Fail($"{Section}:IgnoredRetryHold", $"{options.IgnoredRetryHold} must be between 00:00:00 and 00:10:00.");
        }

        check.Range($"{Section}:SharedCallsInFlight", options.SharedCallsInFlight, 1, 100_000);
        if (options.ContentionWindow < TimeSpan.Zero || options.ContentionWindow > TimeSpan.FromMinutes(10))
        {
            check.Fail($"{Section}:ContentionWindow", $"{options.ContentionWindow} must be between 00:00:00 and 00:10:00.");
        }

        foreach (var (partner, custom) in options.Partners)
        {
            var setting = $"{Section}:Partners:{partner}";
            if (!Federation.Core.Identity.JurisdictionCode.TryParse(partner, out var code) || code.Value != partner)
            {
                check.Fail(setting, $"'{partner}' is not a jurisdiction code (ISO 3166-1 alpha-2 in capitals, or EU).");
                continue;
            }

            var limits = options.For(partner);
            Check(check, setting, limits.MaxCallsInFlight, limits.MessagesPerSecond, limits.Burst);
        }

        return check.Result();
    }

    private static void Check(OptionsCheck check, string section, int maxCallsInFlight, int messagesPerSecond, int burst)
    {
        check.Range($"{section}:MaxCallsInFlight", maxCallsInFlight, 1, 100_000);
        check.Range($"{section}:MessagesPerSecond", messagesPerSecond, 1, 10_000_000);
        if (burst < messagesPerSecond || burst > 100_000_000)
        {
            check.Fail($"{section}:Burst", $"{burst} must be at least MessagesPerSecond ({messagesPerSecond}) and at most 100000000.");
        }
    }
}
