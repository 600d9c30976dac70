namespace Federation.Core.Intake;

/// <summary>The languages a report may be written in (ISO 639-1), the same six the public pages serve.</summary>
public static class IntakeLanguages
{
    public static IReadOnlyList<string> All { get; } = ["en", "fr", "de", "es", "ja", "ar"];

    public static bool IsKnown(string? language) => language is not null && All.Contains(language, StringComparer.Ordinal);

    public static string Normalize(string? language, string field = "language")
    {
        var normalized = language?.Trim().ToLowerInvariant();
        return IsKnown(normalized)
            ? normalized!
            : throw new FederationException(ErrorCode.InvalidArgument,
                $"'{Shorten(language)}' is not a language of this intake: use one of {string.Join(", ", All)}.", field);
    }

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length <= 16 ? text : string.Concat(text.AsSpan(0, 16), "…");
}
