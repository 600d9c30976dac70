using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl case deadlines|report and fedctl overdue: what is due, from whom, by when.</summary>
internal sealed class DeadlineCommands
{
    public static Command Deadlines(CliContext context)
    {
        var id = new Argument<string>("case");
        var command = new Command("deadlines", "The case's clocks: what is due, from whom, by when (UTC).") { id };
        command.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Embargoes.ListDeadlinesAsync(new ListDeadlinesRequest { FederationCaseId = parse.GetRequiredValue(id) }, CliContext.Call(ct));
            context.Print(parse, response, () => Render(context.Console, response, withCase: false));
        });
        return command;
    }

    public static Command Report(CliContext context)
    {
        var id = new Argument<string>("case");
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
                    context.Console.MarkupLine("[green]Nothing is overdue.[/]");
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

        table.AddColumns("Deadline", "Due from", "Due at (UTC)", "State", "Met at (UTC)", "About");
        foreach (var d in response.Deadlines)
        {
            var colour = d.State switch { DeadlineState.Overdue => "red", DeadlineState.DueSoon => "yellow", DeadlineState.Met => "green", _ => "default" };
            var cells = new List<string>
            {
                Markup.Escape(d.Name), d.DueFrom, At(d.DueAt), $"[{colour}]{WireText.Of(d.State)}[/]", At(d.MetAt), Markup.Escape(d.About),
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
        value is null ? "-" : value.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
