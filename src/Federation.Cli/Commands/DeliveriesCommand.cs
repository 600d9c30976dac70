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
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50, Description = "Show at most this many messages, newest first (default 50; 0: all); fedctl says when there are more." };
        var command = new Command("deliveries", "List outgoing messages and their delivery state.") { caseId, limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var forCase = parse.GetValue(caseId);
            var client = context.Client(parse).Deliveries;
            var (deliveries, next) = await context.PageAsync<Delivery>(parse.GetValue(limit), "messages", async (size, token) =>
            {
                var page = await client.ListDeliveriesAsync(
                    new ListDeliveriesRequest { FederationCaseId = forCase ?? string.Empty, PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Deliveries, page.NextPageToken);
            });
            var response = new ListDeliveriesResponse { Deliveries = { deliveries }, NextPageToken = next };
            context.Print(parse, response, () =>
            {
                if (response.Deliveries.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape(forCase is null
                        ? "No deliveries yet: `fedctl share CASE` sends summaries to partners."
                        : $"No deliveries for {forCase} yet: `fedctl share {forCase}` sends its summary to partners."));
                    return;
                }

                // Last errors are long: they go under the table (and receipts' signed notes are in --json), so it fits 120 columns (creation times are in --json).
                var table = new Table().AddColumn(new TableColumn("Message").NoWrap()).AddColumn("To").AddColumn(new TableColumn("Case").NoWrap())
                    .AddColumn(new TableColumn("Kind").NoWrap()).AddColumns("Rev", "State", "Attempts", "Receipt");
                foreach (var d in response.Deliveries)
                {
                    table.AddRow(Markup.Escape(d.MessageId), d.Recipient, Markup.Escape(d.FederationCaseId.Length == 0 ? "-" : d.FederationCaseId),
                        WireText.Of(d.Kind), d.Revision.ToString(CultureInfo.InvariantCulture), WireText.Of(d.State), d.Attempts.ToString(CultureInfo.InvariantCulture),
                        d.Receipt.Length == 0 ? "-" : $"{d.Recipient} log #{d.ReceiptIndex.ToString(CultureInfo.InvariantCulture)}");
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
