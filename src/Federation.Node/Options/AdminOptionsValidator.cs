using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:Admin" before any port opens.</summary>
public sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var check = new OptionsCheck();
        check.Port($"{AdminOptions.SectionName}:Port", options.Port);
        check.IpAddress($"{AdminOptions.SectionName}:Address", options.Address);
        for (var i = 0; i < options.ApiKeyHashes.Count; i++)
        {
            if (AdminOptions.ParseKeyHash(options.ApiKeyHashes[i]) is null)
            {
                check.Fail($"{AdminOptions.SectionName}:ApiKeyHashes:{i}", "must be the SHA-256 of an API key as 64 hex digits (fedctl key hash prints it).");
            }
        }

        return check.Result();
    }
}
