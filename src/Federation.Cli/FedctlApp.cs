using System.CommandLine;
using Federation.Cli.Commands;
using Spectre.Console;

namespace Federation.Cli;

/// <summary>Builds fedctl's command tree and runs it; tests call it with their own writers.</summary>
internal static class FedctlApp
{
    internal static RootCommand BuildRootCommand(IAnsiConsole console, TextWriter error, TextReader? input = null, bool inputIsTerminal = false) =>
        BuildRootCommand(new CliContext(console, error, input ?? TextReader.Null, inputIsTerminal));

    /// <summary>
    /// Parses and runs one command line. A command line that does not parse is a usage error (64),
    /// printed like every other error: one line each, or one JSON object with --json.
    /// </summary>
    internal static async Task<int> RunAsync(string[] args, CliContext context, InvocationConfiguration configuration, CancellationToken cancellationToken)
    {
        var parse = BuildRootCommand(context).Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }

        var json = args.Contains("--json", StringComparer.Ordinal);
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Parent is null ? "fedctl" : result.Command.Name);
        }

        var command = string.Join(' ', names);
        var message = string.Join(" ", parse.Errors.Select(e => e.Message.TrimEnd('.') + "."));
        var error = CliError.From(CliException.Usage($"{message} See '{command} --help'."));
        await error.WriteAsync(context.Error, json);
        return error.ExitCode;
    }

    private static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand("fedctl: operate a Federation node (cases, consent, sharing, partners). "
                                   + "Exit codes: 0 done, 1 refused (by the node or fedctl), 64 usage error, 69 the node did not answer.");
        context.AddGlobalOptions(root);
        root.Add(NodeCommand.Create(context));
        root.Add(CaseCommand.Create(context));
        root.Add(ShareCommand.Create(context));
        root.Add(DeliveriesCommand.Create(context));
        root.Add(ReceivedCommand.Create(context));
        root.Add(StatusCommand.Create(context));
        root.Add(PeerCommand.Create(context));
        root.Add(TreatyCommand.Create(context));
        root.Add(EmbargoCommand.Create(context));
        root.Add(DeadlineCommands.Overdue(context));
        root.Add(EventsCommand.Create(context));
        root.Add(AdvisoriesCommand.Create(context));
        root.Add(IntakeCommand.Create(context));
        root.Add(QuarantineCommand.Create(context));
        root.Add(AuditCommand.Create(context));
        root.Add(TaxonomyCommand.Create(context));
        root.Add(KeyCommand.Create(context));
        return root;
    }
}
