namespace Federation.Node.Options;

/// <summary>
/// Researcher intake on the public listener. Section "Federation:Intake". With no statements configured the node
/// shows the built-in development placeholders (which say they bind nobody); a real authority sets its own
/// jurisdiction's safe-harbour statement and disclosure policy per language, each with a version.
/// </summary>
public sealed class IntakeOptions
{
    public const string SectionName = "Federation:Intake";

    /// <summary>Per language (en, fr, de, es, ja, ar): the statement's version and text (or a file holding it).</summary>
    public Dictionary<string, IntakeStatementOptions> Statements { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>security.txt Contact: a mailto: or https: URI where researchers reach the authority outside the form.</summary>
    public string Contact { get; set; } = "mailto:security@federation.invalid";

    /// <summary>How long a served security.txt stays valid (its Expires field is now plus this). RFC 9116 advises under a year: at most 365 days.</summary>
    public TimeSpan SecurityTxtLifetime { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Submissions and messages per remote address per window, on the form and the JSON endpoint together.</summary>
    public int PermitsPerWindow { get; set; } = 10;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest intake request body: three 1 MiB attachments (base64 in JSON) and the text fields.</summary>
    public long MaxRequestBodyBytes { get; set; } = 6 * 1024 * 1024;
}
