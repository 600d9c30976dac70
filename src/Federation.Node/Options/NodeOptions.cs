namespace Federation.Node.Options;

/// <summary>The node's identity, data and partners. Section "Federation".</summary>
public sealed class NodeOptions
{
    public const string SectionName = "Federation";

    /// <summary>This node's jurisdiction (ISO 3166-1 alpha-2 or EU). Empty means a development node (XX).</summary>
    public string? Jurisdiction { get; set; }

    /// <summary>Where the SQLite store, the development identity and the endpoints file live.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Folder of treaty YAML files this node is party to. Default: {DataDirectory}/treaties.</summary>
    public string? TreatiesDirectory { get; set; }

    /// <summary>SQLite connection string. Default: the file federation.db in the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The largest the store may grow, in MiB; past it, writes are refused with RESOURCE_EXHAUSTED as on
    /// a full disk, and nothing already stored is lost. Empty: as far as the disk allows.
    /// </summary>
    public int? MaxStoreMegabytes { get; set; }

    /// <summary>Largest gRPC message accepted or sent, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How old an envelope may be when it arrives (the replay window). Older ones are refused; this node re-seals its own
    /// undelivered envelopes at half this age, and forgets message ids after twice it.
    /// </summary>
    public TimeSpan MaxEnvelopeAge { get; set; } = Core.Inbox.ReplayWindow.Default;

    /// <summary>How far in the future an envelope's creation time may be before it is refused.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Built-in timelines this node follows for its cases, e.g. ["cra"] (EU Cyber Resilience Act, Art. 14).</summary>
    public List<string> Timelines { get; set; } = [];

    /// <summary>Partners by jurisdiction: their pinned CA and where to reach them.</summary>
    public Dictionary<string, PartnerOptions> Partners { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per treaty id, the path of a file holding the treaty's duplicate-fingerprint key (base64, at least 32 bytes).</summary>
    public Dictionary<string, string> FingerprintKeys { get; set; } = new(StringComparer.Ordinal);
}
