using System.CommandLine;

namespace Federation.Cli;

/// <summary>
/// Arguments many commands take, described once. Ids are upper-cased as they are read: jurisdiction
/// codes and ULIDs are case-insensitive (the node normalizes too, so an older fedctl works as well).
/// </summary>
internal static class CliArguments
{
    public static Argument<string> Case(string description = "Federation case id, e.g. FR-01JD3… (any letter case).") =>
        new("case") { Description = description, CustomParser = Upper };

    public static Argument<string> Partner(string description = "A partner's jurisdiction code, e.g. DE.") =>
        new("partner") { Description = description, CustomParser = Upper };

    public static string Upper(System.CommandLine.Parsing.ArgumentResult result) =>
        result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value.Trim().ToUpperInvariant();
}
