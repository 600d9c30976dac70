using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;

namespace Federation.Cli;

/// <summary>
/// One failure as fedctl reports it: a line of text, or with --json one object
/// {"error":{"code","reason","message","field"}} on stderr, with the same exit code either way.
/// </summary>
internal sealed record CliError(int ExitCode, string Code, string Reason, string Message, string Field, string Text)
{
    public static CliError From(CliException ex) =>
        new(ex.ExitCode, CodeFor(ex.ExitCode), ex.Reason, ex.Message, ex.Field ?? string.Empty, $"error: {ex.Message}");

    /// <summary>
    /// A status from the node carries an ErrorInfo (reason, field); a status the client made up
    /// (nothing listening, a deadline) has none, which is how "the node did not answer" is told apart
    /// from "the node answered Unavailable" (e.g. its store or a partner is down).
    /// </summary>
    public static CliError From(RpcException ex, string nodeAddress)
    {
        var info = ex.GetRpcStatus()?.GetDetail<ErrorInfo>();
        var code = ConstantCase(ex.StatusCode.ToString());
        var reason = info?.Reason ?? code;
        var field = info is not null && info.Metadata.TryGetValue("field", out var f) ? f : string.Empty;
        var detail = ex.Status.Detail;
        // A node that stops while fedctl waits (e.g. during `events`) closes the connection: the client reports
        // Internal with the transport's exception, which is the node not answering, not the node refusing.
        var transport = ex.StatusCode == StatusCode.Internal && ex.Status.DebugException is HttpRequestException or IOException;
        if ((ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded || transport) && info is null)
        {
            var message = $"the node at {nodeAddress} did not answer ({ex.StatusCode}: {detail.TrimEnd('.')}). Is it running? "
                          + "Check --node (or $FEDCTL_NODE) against the admin address in endpoints.json in the node's data folder.";
            return new(CommandRunner.Unreachable, code, "NODE_UNREACHABLE", message, "--node", $"error: {message}");
        }

        var exit = ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded ? CommandRunner.Unreachable : CommandRunner.Failed;
        return new(exit, code, reason, detail, field, $"error: {ex.StatusCode}: {detail}");
    }

    public async Task WriteAsync(TextWriter writer, bool json)
    {
        if (!json)
        {
            await writer.WriteLineAsync(Text);
            return;
        }

        using var buffer = new MemoryStream();
        // Relaxed escaping: this goes to a terminal or a script, never into HTML, and "don't" should read as typed.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", Code);
            w.WriteString("reason", Reason);
            w.WriteString("message", Message);
            w.WriteString("field", Field);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        await writer.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The gRPC code a local failure corresponds to, so scripts see one vocabulary.</summary>
    private static string CodeFor(int exitCode) => exitCode switch
    {
        CommandRunner.Usage => "INVALID_ARGUMENT",
        CommandRunner.Unreachable => "UNAVAILABLE",
        _ => "FAILED_PRECONDITION",
    };

    /// <summary>NotFound → NOT_FOUND: the canonical gRPC code names.</summary>
    private static string ConstantCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }
}
