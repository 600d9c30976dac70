using System.Text.RegularExpressions;

namespace Federation.Node.Hosting;

/// <summary>Bad configuration: the node does not start, and the message names the setting and what is wrong.</summary>
public sealed partial class StartupException(string setting, string problem)
    : Exception($"{setting}: {problem}")
{
    public string Setting { get; } = setting;

    /// <summary>
    /// From the validators' failures ("Setting: problem", see Options/OptionsCheck): the first names
    /// the setting, the others follow on the same line so one start shows every mistake.
    /// </summary>
    public static StartupException From(IEnumerable<string> failures)
    {
        var all = failures.ToList();
        var first = all.Count > 0 ? all[0] : "Federation: is not valid.";
        var colon = first.IndexOf(": ", StringComparison.Ordinal);
        var setting = colon > 0 ? first[..colon] : "Federation";
        var problem = colon > 0 ? first[(colon + 2)..] : first;
        return new StartupException(setting, all.Count > 1 ? $"{problem} Also: {string.Join(" ", all.Skip(1))}" : problem);
    }

    /// <summary>
    /// From the configuration binder's refusal of a value it cannot convert ("Port=abc"): the binder
    /// names the key, the value and the type only in its message. Null when the exception is not that
    /// refusal (a test pins the binder's wording).
    /// </summary>
    public static StartupException? FromBinding(InvalidOperationException failed)
    {
        var match = BinderFailure().Match(failed.Message);
        if (!match.Success)
        {
            return null;
        }

        var expected = match.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" => "a whole number",
            "System.TimeSpan" => "a duration such as 00:05:00 (hh:mm:ss)",
            "System.Boolean" => "true or false",
            var other => $"a value of type {other}",
        };
        return new StartupException(match.Groups["setting"].Value, $"'{match.Groups["value"].Value}' is not {expected}.");
    }

    [GeneratedRegex(@"value '(?<value>[^']*)' at '(?<setting>[^']+)' to type '(?<type>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex BinderFailure();
}
