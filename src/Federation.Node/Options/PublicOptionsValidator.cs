using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:Public" before any port opens.</summary>
public sealed class PublicOptionsValidator : IValidateOptions<PublicOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicOptions options)
    {
        var check = new OptionsCheck();
        var section = PublicOptions.SectionName;
        check.Port($"{section}:Port", options.Port);
        check.IpAddress($"{section}:Address", options.Address);
        check.Range($"{section}:MaxRequestBodyBytes", options.MaxRequestBodyBytes, 64 * 1024, 64L * 1024 * 1024);
        if (!string.IsNullOrWhiteSpace(options.CertificatePath) && string.IsNullOrWhiteSpace(options.KeyPath))
        {
            check.Fail($"{section}:KeyPath", $"is required with {section}:CertificatePath (the certificate's private key, PEM).");
        }

        if (!string.IsNullOrWhiteSpace(options.BaseUrl)
            && (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)))
        {
            check.Fail($"{section}:BaseUrl", $"'{options.BaseUrl}' must be an absolute https URL without query or fragment, e.g. https://report.cert.example/.");
        }

        return check.Result();
    }
}
