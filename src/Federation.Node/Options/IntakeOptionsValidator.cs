using Federation.Core.Intake;
using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:Intake": every statement in a known language, versioned, with its texts given once and readable.</summary>
public sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    private const string Section = IntakeOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var check = new OptionsCheck();
        foreach (var (language, statement) in options.Statements)
        {
            var setting = $"{Section}:Statements:{language}";
            if (!IntakeLanguages.IsKnown(language.ToLowerInvariant()))
            {
                check.Fail(setting, $"'{language}' is not a language of the intake; use {string.Join(", ", IntakeLanguages.All)}.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(statement.Version) || statement.Version.Trim().Length > 64)
            {
                check.Fail($"{setting}:Version", "must be set (1 to 64 characters): reports record the version they accepted.");
            }

            Text(check, $"{setting}:SafeHarbour", statement.SafeHarbour, statement.SafeHarbourFile);
            Text(check, $"{setting}:DisclosurePolicy", statement.DisclosurePolicy, statement.DisclosurePolicyFile);
        }

        if (!Uri.TryCreate(options.Contact, UriKind.Absolute, out var contact) || contact.Scheme is not ("mailto" or "https" or "tel"))
        {
            check.Fail($"{Section}:Contact", $"'{options.Contact}' is not a mailto:, https: or tel: URI (RFC 9116 Contact).");
        }

        if (options.SecurityTxtLifetime < TimeSpan.FromDays(1) || options.SecurityTxtLifetime > TimeSpan.FromDays(365))
        {
            // RFC 9116 §2.5.5: Expires should be less than a year away.
            check.Fail($"{Section}:SecurityTxtLifetime", $"{options.SecurityTxtLifetime} must be between 1 day and 365 days (RFC 9116 advises less than a year).");
        }

        check.Range($"{Section}:PermitsPerWindow", options.PermitsPerWindow, 1, 1_000_000);
        if (options.RateLimitWindow < TimeSpan.FromSeconds(1) || options.RateLimitWindow > TimeSpan.FromHours(24))
        {
            check.Fail($"{Section}:RateLimitWindow", $"{options.RateLimitWindow} must be between 1 second and 24 hours.");
        }

        check.Range($"{Section}:MaxRequestBodyBytes", options.MaxRequestBodyBytes, 64 * 1024, 64L * 1024 * 1024);
        return check.Result();
    }

    private static void Text(OptionsCheck check, string setting, string? text, string? file)
    {
        var hasText = !string.IsNullOrWhiteSpace(text);
        var hasFile = !string.IsNullOrWhiteSpace(file);
        if (hasText == hasFile)
        {
            check.Fail(setting, $"give the text or {setting[(setting.LastIndexOf(':') + 1)..]}File, exactly one of them.");
        }
        else if (hasFile && !File.Exists(file))
        {
            check.Fail($"{setting}File", $"'{file}' does not exist.");
        }
        else if (hasText && text!.Length > IntakeStatementOptions.MaxTextLength)
        {
            check.Fail(setting, $"is longer than {IntakeStatementOptions.MaxTextLength} characters.");
        }
    }
}
