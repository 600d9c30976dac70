using Federation.Core.Identity;
using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>
/// Checks the "Federation" section's own values. What needs files (anchors, treaties, keys) or
/// several sections at once is checked by <see cref="Hosting.NodeBootstrap"/> after this passed.
/// </summary>
public sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    private const string Section = NodeOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var check = new OptionsCheck();
        if (!string.IsNullOrWhiteSpace(options.Jurisdiction) && !JurisdictionCode.TryParse(options.Jurisdiction, out _))
        {
            check.Fail($"{Section}:Jurisdiction", $"'{options.Jurisdiction}' is not an ISO 3166-1 alpha-2 code (e.g. FR) or EU.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            check.Fail($"{Section}:DataDirectory", "must name a folder.");
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString) && Federation.Storage.StoreConnectionString.Problem(options.ConnectionString) is { } problem)
        {
            check.Fail($"{Section}:ConnectionString", problem);
        }

        check.Range($"{Section}:MaxMessageBytes", options.MaxMessageBytes, 4 * 1024, 64 * 1024 * 1024);
        if (options.MaxStoreMegabytes is { } maxStore)
        {
            // Below a few MiB a node could not even hold its treaties and its first cases.
            check.Range($"{Section}:MaxStoreMegabytes", maxStore, 2, 16 * 1024 * 1024);
        }

        if (options.MaxEnvelopeAge < TimeSpan.FromHours(1) || options.MaxEnvelopeAge > TimeSpan.FromDays(365))
        {
            check.Fail($"{Section}:MaxEnvelopeAge", $"{options.MaxEnvelopeAge} must be between 01:00:00 and 365.00:00:00 (one hour to a year).");
        }

        if (options.MaxClockSkew < TimeSpan.Zero || options.MaxClockSkew > TimeSpan.FromHours(1))
        {
            check.Fail($"{Section}:MaxClockSkew", $"{options.MaxClockSkew} must be between 00:00:00 and 01:00:00.");
        }

        for (var i = 0; i < options.Timelines.Count; i++)
        {
            if (!string.Equals(options.Timelines[i], "cra", StringComparison.OrdinalIgnoreCase))
            {
                check.Fail($"{Section}:Timelines:{i}", $"'{options.Timelines[i]}' is not a built-in timeline; the one built in is 'cra'.");
            }
        }

        foreach (var (key, partner) in options.Partners)
        {
            var setting = $"{Section}:Partners:{key}";
            if (!JurisdictionCode.TryParse(key, out _))
            {
                check.Fail(setting, $"'{key}' is not a jurisdiction code.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(partner.TrustAnchor))
            {
                check.Fail($"{setting}:TrustAnchor", "is required: the partner's own CA certificate (PEM).");
            }

            if (partner.Endpoint is not null && (!Uri.TryCreate(partner.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            {
                check.Fail($"{setting}:Endpoint", $"'{partner.Endpoint}' must be an absolute https:// address.");
            }
        }

        return check.Result();
    }
}
