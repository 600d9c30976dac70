using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:Transparency:Witness": a zero interval would ask partners without pause.</summary>
public sealed class TransparencyWitnessOptionsValidator : IValidateOptions<TransparencyWitnessOptions>
{
    private const string Section = TransparencyWitnessOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TransparencyWitnessOptions options)
    {
        var check = new OptionsCheck();
        if (options.Interval < TimeSpan.FromMilliseconds(100) || options.Interval > TimeSpan.FromDays(1))
        {
            check.Fail($"{Section}:Interval", $"{options.Interval} must be between 100 ms and one day.");
        }

        return check.Result();
    }
}
