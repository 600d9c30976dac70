using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl deliveries [--case ID]: the outbox, so an operator sees what is stuck and why.</summary>
internal sealed class DeliveriesCommand
{
    public static Command Create(CliContext context)
    {
        var caseId = new Option<string>("--case") { Description = "Only the messages of this case, e.g. FR-01JD3… (any letter case).", CustomParser = CliArguments.Upper };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50, Description = "How many messages to list at most, newest first (default 50)." };
        var command = new Command("deliveries", "List outgoing messages and their delivery state.") { caseId, limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var forCase = parse.GetValue(caseId);
            var response = await context.Client(parse).ListDeliveriesAsync(
                new ListDeliveriesRequest { FederationCaseId = forCase ?? string.Empty, Limit = parse.GetValue(limit) }, CliContext.Call(ct));
            context.Print(parse, response, () =>
            {
                if (response.Deliveries.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape(forCase is null
                        ? "No deliveries yet: `fedctl share CASE` sends summaries to partners."
                        : $"No deliveries for {forCase} yet: `fedctl share {forCase}` sends its summary to partners."));
                    return;
                }

                // Last errors are long: they go under the table, so it fits 120 columns.
                var table = new Table().AddColumn(new TableColumn("Message").NoWrap()).AddColumn("To").AddColumn(new TableColumn("Case").NoWrap())
                    .AddColumns("Rev", "State", "Attempts").AddColumn(new TableColumn("Created (UTC)").NoWrap());
                foreach (var d in response.Deliveries)
                {
                    table.AddRow(Markup.Escape(d.MessageId), d.Recipient, Markup.Escape(d.FederationCaseId.Length == 0 ? "-" : d.FederationCaseId),
                        d.Revision.ToString(CultureInfo.InvariantCulture), d.State, d.Attempts.ToString(CultureInfo.InvariantCulture), Timestamps.Minutes(d.CreatedAt));
                }

                context.Console.Write(table);
                foreach (var d in response.Deliveries.Where(d => d.LastError.Length > 0))
                {
                    context.Console.MarkupLine($"[bold]{Markup.Escape(d.MessageId)}[/] last error: {Markup.Escape(d.LastError)}");
                }
            });
        });
        return command;
    }
}
