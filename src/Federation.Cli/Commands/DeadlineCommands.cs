using System.CommandLine;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl case deadlines|report and fedctl overdue: what is due, from whom, by when.</summary>
internal sealed class DeadlineCommands
{
    public static Command Deadlines(CliContext context)
    {
        var id = CliArguments.Case();
        var command = new Command("deadlines", "The case's clocks: what is due, from whom, by when (UTC).") { id };
        command.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Embargoes;
            var caseId = parse.GetRequiredValue(id);
            var (all, _) = await context.PageAsync<DeadlineInfo>(0, "deadlines", async (size, token) =>
            {
                var page = await client.ListDeadlinesAsync(new ListDeadlinesRequest { FederationCaseId = caseId, PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Deadlines, page.NextPageToken);
            });
            var response = new ListDeadlinesResponse { Deadlines = { all } };
            context.Print(parse, response, () =>
            {
                if (response.Deadlines.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape(
                        "No clock runs for this case: deadlines come from the treaties that cover it (e.g. a response is owed after an embargo proposal) "
                        + "and from the node's timelines (Federation:Timelines, e.g. cra)."));
                    return;
                }

                Render(context.Console, response, withCase: false);
            });
        });
        return command;
    }

    public static Command Report(CliContext context)
    {
        var id = CliArguments.Case();
        var name = new Argument<string>("name") { Description = "The deadline it meets, e.g. early-warning." };
        var command = new Command("report", "Record that this node made a report a timeline asks for (e.g. the CRA early warning).") { id, name };
        command.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Embargoes.RecordReportAsync(
                new RecordReportRequest { FederationCaseId = parse.GetRequiredValue(id), Name = parse.GetRequiredValue(name) }, CliContext.Call(ct));
            context.Print(parse, response, () => Render(context.Console, response, withCase: false));
        });
        return command;
    }

    public static Command Overdue(CliContext context)
    {
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 0, Description = "Show at most this many overdue deadlines (default 0: every case is looked at)." };
        var command = new Command("overdue", "Every overdue deadline of this node's cases.") { limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Embargoes;
            var (overdue, next) = await context.PageAsync<DeadlineInfo>(parse.GetValue(limit), "overdue deadlines", async (size, token) =>
            {
                var page = await client.ListOverdueAsync(new ListOverdueRequest { PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Deadlines, page.NextPageToken);
            });
            var response = new ListDeadlinesResponse { Deadlines = { overdue }, NextPageToken = next };
            context.Print(parse, response, () =>
            {
                if (response.Deadlines.Count == 0)
                {
                    context.Console.MarkupLine("[green]Nothing is overdue[/]: every clock of this node's cases is running or met (`fedctl case deadlines CASE` shows one case's).");
                    return;
                }

                Render(context.Console, response, withCase: true);
            });
        });
        return command;
    }

    private static void Render(IAnsiConsole console, ListDeadlinesResponse response, bool withCase)
    {
        var table = new Table();
        if (withCase)
        {
            table.AddColumn(new TableColumn("Case").NoWrap());
        }

        // Met and due share a column ("met" rows show when they were met): the about text keeps room at 120 columns.
        table.AddColumns("Deadline", "Due from").AddColumn(new TableColumn("Due at / met at (UTC)").NoWrap()).AddColumns("State", "About");
        foreach (var d in response.Deadlines)
        {
            var colour = d.State switch { DeadlineState.Overdue => "red", DeadlineState.DueSoon => "yellow", DeadlineState.Met => "green", _ => "default" };
            var cells = new List<string>
            {
                Markup.Escape(d.Name), d.DueFrom, d.MetAt is null ? At(d.DueAt) : $"{At(d.DueAt)}\n{At(d.MetAt)}", $"[{colour}]{WireText.Of(d.State)}[/]", Markup.Escape(d.About),
            };
            if (withCase)
            {
                cells.Insert(0, Markup.Escape(d.FederationCaseId));
            }

            table.AddRow([.. cells]);
        }

        console.Write(table);
    }

    private static string At(Google.Protobuf.WellKnownTypes.Timestamp? value) =>
        Timestamps.Minutes(value);
}
