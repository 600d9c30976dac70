using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:Outbox": a dispatcher with a zero batch or a negative backoff would spin or never deliver.</summary>
public sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    private const string Section = OutboxOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var check = new OptionsCheck();
        check.Range($"{Section}:BatchSize", options.BatchSize, 1, 10_000);
        check.Range($"{Section}:MaxInFlight", options.MaxInFlight, 1, 1024);
        check.Range($"{Section}:BatchesInFlight", options.BatchesInFlight, 1, 16);
        check.Range($"{Section}:EnvelopesPerCall", options.EnvelopesPerCall, 1, PeerListenerOptions.EnvelopesPerCallLimit);
        if (options.ProtocolRecheckInterval < TimeSpan.FromSeconds(1))
        {
            check.Fail($"{Section}:ProtocolRecheckInterval", $"{options.ProtocolRecheckInterval} must be at least 00:00:01.");
        }

        check.Range($"{Section}:MaxAttempts", options.MaxAttempts, 1, int.MaxValue);
        if (options.InitialBackoff <= TimeSpan.Zero)
        {
            check.Fail($"{Section}:InitialBackoff", $"{options.InitialBackoff} must be positive.");
        }

        if (options.MaxBackoff < options.InitialBackoff)
        {
            check.Fail($"{Section}:MaxBackoff", $"{options.MaxBackoff} must be at least {Section}:InitialBackoff ({options.InitialBackoff}).");
        }

        if (options.CallTimeout <= TimeSpan.Zero)
        {
            check.Fail($"{Section}:CallTimeout", $"{options.CallTimeout} must be positive.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            check.Fail($"{Section}:PollInterval", $"{options.PollInterval} must be positive.");
        }

        return check.Result();
    }
}
