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

        return check.Result();
    }
}
