using System.Text.Json;

namespace Federation.Cli.Tests;

/// <summary>Reads fedctl's --json error output: exactly one object {"error":{code, reason, message, field}}.</summary>
public static class JsonErrors
{
    public static (string Code, string Reason, string Message, string Field) Single(CliResult result)
    {
        Assert.True(result.Error.EndsWith('\n') && result.Error.TrimEnd().Split('\n').Length == 1, $"stderr is not one line: {result.Error}");
        using var document = JsonDocument.Parse(result.Error);
        var root = document.RootElement;
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        var error = root.GetProperty("error");
        Assert.Equal(["code", "reason", "message", "field"], error.EnumerateObject().Select(p => p.Name));
        return (error.GetProperty("code").GetString()!, error.GetProperty("reason").GetString()!, error.GetProperty("message").GetString()!, error.GetProperty("field").GetString()!);
    }
}
