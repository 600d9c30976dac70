using System.CommandLine;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl share CASE [--partner DE ...]: what each partner gets, or why not.</summary>
internal sealed class ShareCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("case");
        var partners = new Option<string[]>("--partner")
        {
            Description = "Partner jurisdiction (repeat). Default: every partner a treaty in force covers.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("share", "Share a case's summary with partners, as treaties and consent allow.") { id, partners };
        command.SetAction(context, async (parse, ct) =>
        {
            var request = new ShareCaseRequest { FederationCaseId = parse.GetRequiredValue(id) };
            request.Partners.AddRange(parse.GetValue(partners) ?? []);
            var response = await context.Client(parse).Cases.ShareCaseAsync(request, CliContext.Call(ct));
            context.Print(parse, response, () =>
            {
                if (response.Decisions.Count == 0)
                {
                    context.Console.MarkupLine("No partner is covered by a treaty in force: nothing was shared. Name one with --partner to see why.");
                    return;
                }

                var table = new Table().AddColumns("Partner", "Shared", "Treaty", "Fields").AddColumn(new TableColumn("Message").NoWrap()).AddColumn("Why");
                foreach (var d in response.Decisions)
                {
                    table.AddRow(d.Partner, d.Shared ? "[green]yes[/]" : "[red]no[/]",
                        d.TreatyId.Length == 0 ? "-" : Markup.Escape($"{d.TreatyId} v{d.TreatyVersion}"),
                        Markup.Escape(string.Join(", ", d.Fields)), Markup.Escape(d.MessageId), Markup.Escape(string.Join("\n", d.Reasons)));
                }

                context.Console.Write(table);
            });
        });
        return command;
    }
}
