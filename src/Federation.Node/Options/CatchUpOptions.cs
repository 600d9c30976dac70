namespace Federation.Node.Options;

/// <summary>Catch-up by cursor: pulling what partners addressed to this node and it missed. Section "Federation:CatchUp".</summary>
public sealed class CatchUpOptions
{
    public const string SectionName = "Federation:CatchUp";

    /// <summary>Off: this node never pulls (it still serves partners' pulls: what it addressed to them is theirs to fetch).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often every partner is pulled from when nothing else (a start, a partner back after failures) triggers it.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Envelopes asked for in one pull call; the puller calls again while more remain.</summary>
    public int MaxPerPull { get; set; } = 10_000;

    /// <summary>Envelopes in one streamed batch, when serving (also bounded by Federation:MaxMessageBytes).</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Deadline of one pull call (a whole stream of up to MaxPerPull envelopes).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
