namespace Federation.Node.Options;

/// <summary>The operators' listener. Section "Federation:Admin".</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Federation:Admin";

    /// <summary>Loopback by default: the admin surface is for this host's operators only.</summary>
    public string Address { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 7080;

    /// <summary>
    /// SHA-256 hashes (hex) of the operator API keys. Empty: the node makes a key on first start and
    /// keeps it in {DataDirectory}/admin-api-key (readable by its owner only).
    /// </summary>
    public List<string> ApiKeyHashes { get; set; } = [];

    /// <summary>The 32 bytes of one configured hash ("sha256:" prefix allowed), or null when it is not 64 hex digits.</summary>
    public static byte[]? ParseKeyHash(string configured)
    {
        var text = configured.Trim();
        if (text.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[7..];
        }

        return text.Length == 64 && text.All(char.IsAsciiHexDigit) ? Convert.FromHexString(text) : null;
    }
}
