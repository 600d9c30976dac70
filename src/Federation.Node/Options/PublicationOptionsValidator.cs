using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:Publication": a namespace that is not an absolute https URL would make every advisory invalid CSAF.</summary>
public sealed class PublicationOptionsValidator : IValidateOptions<PublicationOptions>
{
    private const string Section = PublicationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PublicationOptions options)
    {
        var check = new OptionsCheck();
        if (options.PublisherName is { Length: > PublicationOptions.MaxNameLength })
        {
            check.Fail($"{Section}:PublisherName", $"is longer than {PublicationOptions.MaxNameLength} characters.");
        }

        if (!string.IsNullOrWhiteSpace(options.PublisherNamespace)
            && (!Uri.TryCreate(options.PublisherNamespace.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            check.Fail($"{Section}:PublisherNamespace", $"'{options.PublisherNamespace}' is not an absolute https URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.ProviderUrl)
            && (!Uri.TryCreate(options.ProviderUrl.Trim(), UriKind.Absolute, out var provider) || provider.Scheme != Uri.UriSchemeHttps))
        {
            // CSAF 2.0 §7.1.3: a provider is served over TLS, so every URL it publishes is https.
            check.Fail($"{Section}:ProviderUrl", $"'{options.ProviderUrl}' is not an absolute https URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.SigningKeyPath) && !File.Exists(options.SigningKeyPath))
        {
            check.Fail($"{Section}:SigningKeyPath", $"the file '{options.SigningKeyPath}' does not exist.");
        }

        if (string.IsNullOrWhiteSpace(options.SigningKeyPath) && !string.IsNullOrEmpty(options.SigningKeyPassphrase))
        {
            check.Fail($"{Section}:SigningKeyPassphrase", "is set without Federation:Publication:SigningKeyPath.");
        }

        return check.Result();
    }
}
