using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl status CASE [--partner FR]: ask the case's origin for its status, as our treaty lets us see it.</summary>
internal sealed class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("case");
        var partner = new Option<string>("--partner") { Description = "Whom to ask (default: the case's origin, from its id)." };
        var command = new Command("status", "Query a case's cross-border status at its origin.") { id, partner };
        command.SetAction(context, async (parse, ct) =>
        {
            var caseId = parse.GetRequiredValue(id);
            var ask = parse.GetValue(partner) ?? (caseId.Length >= 2 ? caseId[..2] : caseId);
            var response = await context.Client(parse).Peers.QueryPartnerCaseStatusAsync(
                new QueryPartnerCaseStatusRequest { Partner = ask, FederationCaseId = caseId }, CliContext.Call(ct));
            context.Print(parse, response, () =>
            {
                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("[bold]Case[/]", Markup.Escape(response.Summary.FederationCaseId));
                grid.AddRow("[bold]TLP[/]", WireText.Of(response.Summary.Tlp));
                grid.AddRow("[bold]Revision[/]", response.Summary.Revision.ToString(CultureInfo.InvariantCulture));
                grid.AddRow("[bold]Treaty[/]", Markup.Escape($"{response.TreatyId} v{response.TreatyVersion}"));
                grid.AddRow("[bold]Updated (UTC)[/]", response.UpdatedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                foreach (var (name, value) in WireText.FieldsOf(response.Summary))
                {
                    grid.AddRow(Markup.Escape(name), Markup.Escape(value));
                }

                grid.AddRow("[bold]Embargo[/]", Markup.Escape(response.EmbargoState == EmbargoState.Unspecified ? "-" : WireText.Of(response.EmbargoState)
                    + (response.EmbargoEnd is null ? "" : $" until {response.EmbargoEnd.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}")));
                foreach (var d in response.Deadlines)
                {
                    grid.AddRow($"[bold]Deadline[/] {Markup.Escape(d.Name)}", Markup.Escape(
                        $"{WireText.Of(d.State)}: due from {d.DueFrom} at {d.DueAt.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}"));
                }

                context.Console.Write(grid);
            });
        });
        return command;
    }
}
