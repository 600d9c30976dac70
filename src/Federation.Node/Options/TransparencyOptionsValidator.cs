using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:Transparency": a checkpoint at least every day (partners and auditors wait on it), at most every second.</summary>
public sealed class TransparencyOptionsValidator : IValidateOptions<TransparencyOptions>
{
    public ValidateOptionsResult Validate(string? name, TransparencyOptions options)
    {
        var check = new OptionsCheck();
        if (options.CheckpointInterval < TimeSpan.FromSeconds(1) || options.CheckpointInterval > TimeSpan.FromDays(1))
        {
            check.Fail($"{TransparencyOptions.SectionName}:CheckpointInterval", $"{options.CheckpointInterval} must be between one second and one day.");
        }

        if (options.AcceptBrokenChainBefore is < 2)
        {
            check.Fail($"{TransparencyOptions.SectionName}:AcceptBrokenChainBefore", $"{options.AcceptBrokenChainBefore} accepts no break: it is one past the last broken sequence to accept (sequences start at 1).");
        }

        return check.Result();
    }
}
