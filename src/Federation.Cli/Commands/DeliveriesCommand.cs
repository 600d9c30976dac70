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
        var caseId = new Option<string>("--case");
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50, Description = "Show at most this many messages, newest first (0: all); fedctl says when there are more." };
        var command = new Command("deliveries", "List outgoing messages and their delivery state.") { caseId, limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Deliveries;
            var filter = parse.GetValue(caseId) ?? string.Empty;
            var (deliveries, next) = await context.PageAsync<Delivery>(parse.GetValue(limit), "messages", async (size, token) =>
            {
                var page = await client.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = filter, PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Deliveries, page.NextPageToken);
            });
            var response = new ListDeliveriesResponse { Deliveries = { deliveries }, NextPageToken = next };
            context.Print(parse, response, () =>
            {
                var table = new Table().AddColumn(new TableColumn("Message").NoWrap()).AddColumn("To").AddColumn(new TableColumn("Case").NoWrap()).AddColumns("Kind", "Rev", "State", "Attempts", "Last error");
                foreach (var d in response.Deliveries)
                {
                    table.AddRow(Markup.Escape(d.MessageId), d.Recipient, Markup.Escape(d.FederationCaseId), WireText.Of(d.Kind), d.Revision.ToString(CultureInfo.InvariantCulture),
                        WireText.Of(d.State), d.Attempts.ToString(CultureInfo.InvariantCulture), Markup.Escape(d.LastError));
                }

                context.Console.Write(table);
            });
        });
        return command;
    }
}
