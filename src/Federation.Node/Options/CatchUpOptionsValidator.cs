using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:CatchUp": a zero interval would pull without pause, a zero batch would never progress.</summary>
public sealed class CatchUpOptionsValidator : IValidateOptions<CatchUpOptions>
{
    private const string Section = CatchUpOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CatchUpOptions options)
    {
        var check = new OptionsCheck();
        check.Range($"{Section}:MaxPerPull", options.MaxPerPull, 1, 1_000_000);
        check.Range($"{Section}:BatchSize", options.BatchSize, 1, 10_000);
        if (options.Interval < TimeSpan.FromSeconds(1))
        {
            check.Fail($"{Section}:Interval", $"{options.Interval} must be at least one second.");
        }

        if (options.CallTimeout <= TimeSpan.Zero)
        {
            check.Fail($"{Section}:CallTimeout", $"{options.CallTimeout} must be positive.");
        }

        return check.Result();
    }
}
