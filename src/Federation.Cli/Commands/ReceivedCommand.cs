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
        var origin = new Option<string>("--origin") { Description = "Only summaries from this partner, e.g. FR." };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50, Description = "Show at most this many summaries, most recent first (default 50; 0: all); fedctl says when there are more." };
        var command = new Command("received",
            "List the case summaries partners have shared with this node (a summary its origin withdrew is deleted and no longer listed).") { origin, limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var from = parse.GetValue(origin);
            var client = context.Client(parse).Deliveries;
            var (summaries, next) = await context.PageAsync<ReceivedSummary>(parse.GetValue(limit), "summaries", async (size, token) =>
            {
                var page = await client.ListReceivedSummariesAsync(
                    new ListReceivedSummariesRequest { Origin = from ?? string.Empty, PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Summaries, page.NextPageToken);
            });
            var response = new ListReceivedSummariesResponse { Summaries = { summaries }, NextPageToken = next };
            context.Print(parse, response, () =>
            {
                if (response.Summaries.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape(
                        $"No summaries received{(from is null ? "" : $" from {from.ToUpperInvariant()}")}: a partner's summary arrives when its operator runs `fedctl share CASE` "
                        + "and a treaty in force and the reporter's consent allow it; withdrawn summaries are not listed."));
                    return;
                }

                // Received time and treaty share one column, so the fields keep room at 120 columns.
                var table = new Table().AddColumn(new TableColumn("Case").NoWrap()).AddColumns("From", "TLP", "Rev")
                    .AddColumn(new TableColumn("Received (UTC) / treaty").NoWrap()).AddColumn("Fields");
                foreach (var s in response.Summaries)
                {
                    table.AddRow(Markup.Escape(s.Summary.FederationCaseId), s.Origin, WireText.Of(s.Summary.Tlp), s.Summary.Revision.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape($"{Timestamps.Minutes(s.ReceivedAt)}\n{s.TreatyId} v{s.TreatyVersion}"), Markup.Escape(FormatFields(s.Summary)));
                }

                context.Console.Write(table);
            });
        });
        return command;
    }

    internal static string FormatFields(CaseSummary summary) =>
        string.Join("\n", WireText.FieldsOf(summary).Select(f => $"{f.Name}: {f.Value}"));
}
