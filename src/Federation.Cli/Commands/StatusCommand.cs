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
        var id = CliArguments.Case("Federation case id of a partner's case, e.g. FR-01JD3… (any letter case).");
        var partner = new Option<string>("--partner") { Description = "Whom to ask (default: the case's origin, from its id).", CustomParser = CliArguments.Upper };
        var command = new Command("status",
            "Query a partner's case's cross-border status at its origin. A case of this node is not asked about: "
            + "'fedctl case show' shows it (status on one of this node's own cases exits 64).") { id, partner };
        command.SetAction(context, async (parse, ct) =>
        {
            var caseId = parse.GetRequiredValue(id);
            var ask = parse.GetValue(partner) ?? (caseId.Length >= 2 ? caseId[..2] : caseId);
            var client = context.Client(parse);
            // Asking ourselves would go looking for a partner endpoint named after this node; say what the operator wants instead.
            var self = (await client.Node.GetNodeInfoAsync(new GetNodeInfoRequest(), CliContext.Call(ct))).Jurisdiction;
            if (string.Equals(ask, self, StringComparison.Ordinal))
            {
                throw caseId.StartsWith(self + "-", StringComparison.Ordinal)
                    ? CliException.Usage($"{caseId} is a case of this node ({self}): use `fedctl case show {caseId}`.", "case", "OWN_CASE")
                    : CliException.Usage($"{self} is this node: --partner names the partner to ask, e.g. the case's origin {caseId[..Math.Min(2, caseId.Length)]}.", "--partner", "OWN_NODE");
            }

            var response = await client.Peers.QueryPartnerCaseStatusAsync(
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
