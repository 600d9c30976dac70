using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:Revocation": a reload loop that spins, or one so slow a revocation waits for hours.</summary>
public sealed class RevocationOptionsValidator : IValidateOptions<RevocationOptions>
{
    private const string Section = RevocationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RevocationOptions options)
    {
        var check = new OptionsCheck();
        if (options.ReloadInterval < TimeSpan.FromMilliseconds(100) || options.ReloadInterval > TimeSpan.FromHours(1))
        {
            check.Fail($"{Section}:ReloadInterval", $"{options.ReloadInterval} must be between 00:00:00.1 and 01:00:00.");
        }

        if (!Enum.IsDefined(options.WhenStale))
        {
            check.Fail($"{Section}:WhenStale", $"'{options.WhenStale}' must be FailClosed or FailOpen.");
        }

        return check.Result();
    }
}
