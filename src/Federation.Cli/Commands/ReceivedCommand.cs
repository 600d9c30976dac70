using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl received [--origin FR]: summaries partners shared with this node.</summary>
internal sealed class ReceivedCommand
{
    public static Command Create(CliContext context)
    {
        var origin = new Option<string>("--origin");
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50, Description = "Show at most this many summaries, most recent first (0: all); fedctl says when there are more." };
        var command = new Command("received", "List the case summaries partners have shared with this node.") { origin, limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Deliveries;
            var filter = parse.GetValue(origin) ?? string.Empty;
            var (summaries, next) = await context.PageAsync<ReceivedSummary>(parse.GetValue(limit), "summaries", async (size, token) =>
            {
                var page = await client.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = filter, PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Summaries, page.NextPageToken);
            });
            var response = new ListReceivedSummariesResponse { Summaries = { summaries }, NextPageToken = next };
            context.Print(parse, response, () =>
            {
                var table = new Table().AddColumn(new TableColumn("Case").NoWrap()).AddColumns("From", "TLP", "Rev", "Treaty", "Fields", "Received (UTC)");
                foreach (var s in response.Summaries)
                {
                    table.AddRow(Markup.Escape(s.Summary.FederationCaseId), s.Origin, WireText.Of(s.Summary.Tlp), s.Summary.Revision.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape($"{s.TreatyId} v{s.TreatyVersion}"), Markup.Escape(FormatFields(s.Summary)),
                        s.ReceivedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                }

                context.Console.Write(table);
            });
        });
        return command;
    }

    internal static string FormatFields(CaseSummary summary) =>
        string.Join("\n", WireText.FieldsOf(summary).Select(f => $"{f.Name}: {f.Value}"));
}
