namespace Federation.Cli;

/// <summary>
/// A failure the operator can fix; printed without a stack trace. The reason is a stable
/// UPPER_SNAKE word scripts can match on (as the node's ErrorInfo reasons), the field the option at fault.
/// </summary>
internal sealed class CliException(string message, int exitCode = CommandRunner.Failed, string reason = "FAILED", string? field = null)
    : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public string Reason { get; } = reason;

    public string? Field { get; } = field;

    /// <summary>The command line itself is wrong (exit 64, EX_USAGE): the message says how to write it.</summary>
    public static CliException Usage(string message, string? field = null, string reason = "USAGE") =>
        new(message, CommandRunner.Usage, reason, field);
}
