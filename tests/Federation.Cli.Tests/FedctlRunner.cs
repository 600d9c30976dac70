using System.CommandLine;
using Spectre.Console.Testing;

namespace Federation.Cli.Tests;

/// <summary>Runs fedctl's real command tree in this process with its own console, error writer and stdin.</summary>
public static class FedctlRunner
{
    // width: wide by default, so that tables do not wrap the words the tests look for. input: what the
    // operator types on stdin (a confirmation), read only when inputIsTerminal (fedctl asks only at a terminal).
    public static async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken, int width = 400, string? input = null, bool inputIsTerminal = false)
    {
        var console = new TestConsole().Width(width);
        using var error = new StringWriter();
        using var stdin = new StringReader(input ?? string.Empty);
        var context = new CliContext(console, error, stdin, inputIsTerminal);
        var configuration = new InvocationConfiguration
        {
            Output = console.Profile.Out.Writer,
            Error = error,
            // No process-wide Ctrl+C handler from a test.
            ProcessTerminationTimeout = null,
        };
        var exitCode = await FedctlApp.RunAsync(args, context, configuration, cancellationToken).WaitAsync(TimeSpan.FromSeconds(40), cancellationToken);
        return new CliResult("fedctl " + string.Join(' ', args), exitCode, console.Output, error.ToString());
    }
}
