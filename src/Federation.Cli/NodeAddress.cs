namespace Federation.Cli;

/// <summary>
/// Reads --node: http://host:port, or host:port meaning http. The admin listener speaks HTTP/2
/// without TLS (it stays on loopback), so https is refused rather than failing later with a TLS error.
/// </summary>
internal static class NodeAddress
{
    public const string Default = "http://127.0.0.1:7080";

    public static Uri Parse(string text, string source)
    {
        var trimmed = text.Trim();
        var hasScheme = trimmed.Contains("://", StringComparison.Ordinal);
        if (hasScheme && trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw CliException.Usage(
                $"{source} '{text}': the admin port speaks plain HTTP/2 (it listens on loopback only); use http://{trimmed[8..].TrimEnd('/')}.",
                "--node", "NODE_ADDRESS_HTTPS");
        }

        var candidate = hasScheme ? trimmed : "http://" + trimmed;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttp
            || uri.Host.Length == 0
            || !HasExplicitPort(candidate, uri)
            || uri.PathAndQuery != "/"
            || uri.UserInfo.Length > 0
            || uri.Fragment.Length > 0)
        {
            throw CliException.Usage(
                $"{source} '{text}' is not a node address: use http://host:port or host:port, e.g. {Default} or 127.0.0.1:7080.",
                "--node", "NODE_ADDRESS_INVALID");
        }

        return uri;
    }

    // Uri fills in 80 for "http://host"; an admin port is never 80 by default, so a missing port is a mistake worth naming.
    private static bool HasExplicitPort(string candidate, Uri uri) =>
        !uri.IsDefaultPort || candidate.Contains($":{uri.Port}", StringComparison.Ordinal);
}
