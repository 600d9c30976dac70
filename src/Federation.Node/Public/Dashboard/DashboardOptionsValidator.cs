using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Dashboard;

/// <summary>Checks "Federation:Dashboard": intervals a rebuild loop can keep, a page size a person can read.</summary>
public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    private const string Section = DashboardOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var check = new OptionsCheck();
        if (options.MinRebuildInterval < TimeSpan.Zero || options.MinRebuildInterval > TimeSpan.FromHours(1))
        {
            check.Fail($"{Section}:MinRebuildInterval", $"{options.MinRebuildInterval} must be between 00:00:00 and 01:00:00.");
        }

        if (options.MaxAge < TimeSpan.FromSeconds(1) || options.MaxAge > TimeSpan.FromDays(1))
        {
            check.Fail($"{Section}:MaxAge", $"{options.MaxAge} must be between 00:00:01 and 1.00:00:00.");
        }
        else if (options.MaxAge < options.MinRebuildInterval)
        {
            check.Fail($"{Section}:MaxAge", $"{options.MaxAge} is shorter than {Section}:MinRebuildInterval ({options.MinRebuildInterval}).");
        }

        check.Range($"{Section}:PageSize", options.PageSize, 1, 500);
        return check.Result();
    }
}
