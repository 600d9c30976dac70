using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>
/// Checks "Federation:Revocation": a reload or fetch loop that spins, or one so slow a revocation waits for hours or
/// days; a size cap on fetched lists the peer service could not carry; a published list that is not there.
/// </summary>
public sealed class RevocationOptionsValidator(IOptions<NodeOptions> node) : IValidateOptions<RevocationOptions>
{
    private const string Section = RevocationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RevocationOptions options)
    {
        var check = new OptionsCheck();
        if (options.ReloadInterval < TimeSpan.FromMilliseconds(100) || options.ReloadInterval > TimeSpan.FromHours(1))
        {
            check.Fail($"{Section}:ReloadInterval", $"{options.ReloadInterval} must be between 00:00:00.1 and 01:00:00.");
        }

        if (options.FetchInterval < TimeSpan.FromMilliseconds(100) || options.FetchInterval > TimeSpan.FromDays(1))
        {
            check.Fail($"{Section}:FetchInterval", $"{options.FetchInterval} must be between 00:00:00.1 and 1.00:00:00 (a CA issues a new list at least daily).");
        }

        // The answer must fit in one peer message with room for its framing, or the transport refuses it first, unnamed.
        var ceiling = Math.Min(Security.CrlSnapshot.MaxBytes, node.Value.MaxMessageBytes - 1024);
        if (options.MaxFetchedBytes is { } cap && (cap < 1024 || cap > ceiling))
        {
            check.Fail($"{Section}:MaxFetchedBytes", $"{options.MaxFetchedBytes} must be between 1024 and {ceiling} (below {NodeOptions.SectionName}:MaxMessageBytes, {node.Value.MaxMessageBytes}).");
        }

        if (!string.IsNullOrWhiteSpace(options.OwnCrl) && !File.Exists(options.OwnCrl))
        {
            check.Fail($"{Section}:OwnCrl", $"'{options.OwnCrl}' does not exist: put this node's CA's revocation list there, or unset the setting to publish none.");
        }

        if (!Enum.IsDefined(options.WhenStale))
        {
            check.Fail($"{Section}:WhenStale", $"'{options.WhenStale}' must be FailClosed or FailOpen.");
        }

        return check.Result();
    }
}
