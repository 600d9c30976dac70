using System.CommandLine;
using Federation.Cli;
using Spectre.Console;

// Piped into a file or another program, tables keep long ids on one line instead of an 80-column wrap.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Console.Profile.Width = 240;
}

var context = new CliContext(AnsiConsole.Console, Console.Error, Console.In, inputIsTerminal: !Console.IsInputRedirected);
return await FedctlApp.RunAsync(args, context, new InvocationConfiguration(), CancellationToken.None);
