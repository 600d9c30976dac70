using Microsoft.Extensions.Options;

namespace Federation.Node.Options;

/// <summary>Checks "Federation:Peer" before any port opens.</summary>
public sealed class PeerListenerOptionsValidator : IValidateOptions<PeerListenerOptions>
{
    public ValidateOptionsResult Validate(string? name, PeerListenerOptions options)
    {
        var check = new OptionsCheck();
        check.Port($"{PeerListenerOptions.SectionName}:Port", options.Port);
        if (options.CertificateReloadInterval < TimeSpan.FromMilliseconds(100) || options.CertificateReloadInterval > TimeSpan.FromDays(1))
        {
            check.Fail($"{PeerListenerOptions.SectionName}:CertificateReloadInterval", $"{options.CertificateReloadInterval} must be between 00:00:00.1 and 1.00:00:00.");
        }
        check.Range($"{PeerListenerOptions.SectionName}:MaxEnvelopesPerCall", options.MaxEnvelopesPerCall, 0, PeerListenerOptions.EnvelopesPerCallLimit);
        check.IpAddress($"{PeerListenerOptions.SectionName}:Address", options.Address);
        if (!string.IsNullOrWhiteSpace(options.CertificatePath) && string.IsNullOrWhiteSpace(options.KeyPath))
        {
            check.Fail($"{PeerListenerOptions.SectionName}:KeyPath", $"is required with {PeerListenerOptions.SectionName}:CertificatePath (the node's private key, PEM).");
        }

        return check.Result();
    }
}
