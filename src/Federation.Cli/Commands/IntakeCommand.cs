using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl intake list | show CASE | reply CASE --message TEXT: the reports researchers sent through the public intake.</summary>
internal sealed class IntakeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("intake", "The reports researchers sent through the public form or the JSON endpoint, and their threads.");
        command.Add(ListCommand(context));
        command.Add(ShowCommand(context));
        command.Add(ReplyCommand(context));
        return command;
    }

    private static Command ListCommand(CliContext context)
    {
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50, Description = "Show at most this many reports, newest first (default 50; 0: all); fedctl says when there are more." };
        var command = new Command("list", "List the reports received through intake, the most recent first.") { limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Intake;
            var (reports, next) = await context.PageAsync<IntakeReportSummary>(parse.GetValue(limit), "reports", async (size, token) =>
            {
                var page = await client.ListReportsAsync(new ListIntakeReportsRequest { PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Reports, page.NextPageToken);
            });
            var response = new ListIntakeReportsResponse { Reports = { reports }, NextPageToken = next };
            context.Print(parse, response, () =>
            {
                if (response.Reports.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape("No report has come through intake yet."));
                    return;
                }

                var table = new Table().AddColumn(new TableColumn("Case").NoWrap()).AddColumns("Title", "Lang", "Stage", "Msgs")
                    .AddColumn(new TableColumn("Received (UTC)").NoWrap());
                foreach (var r in response.Reports)
                {
                    table.AddRow(Markup.Escape(r.FederationCaseId), Markup.Escape(Shorten(r.Title, 40)), Markup.Escape(r.Language), Markup.Escape(Stage(r.Progress)),
                        r.Messages.ToString(CultureInfo.InvariantCulture), Markup.Escape(Timestamps.Minutes(r.ReceivedAt)));
                }

                context.Console.Write(table);
            });
        });
        return command;
    }

    private static Command ShowCommand(CliContext context)
    {
        var id = new Argument<string>("case") { Description = "The federation case id, e.g. FR-01JD3…" };
        var command = new Command("show", "Show a report: its stage, policy version, field languages, attachments and the thread with the reporter.") { id };
        command.SetAction(context, async (parse, ct) =>
        {
            var detail = await context.Client(parse).Intake.GetReportAsync(new GetIntakeReportRequest { FederationCaseId = parse.GetRequiredValue(id) }, CliContext.Call(ct));
            context.Print(parse, detail, () =>
            {
                var r = detail.Report;
                context.Console.MarkupLine(Markup.Escape($"{r.FederationCaseId}: {r.Title}"));
                context.Console.MarkupLine(Markup.Escape($"Stage {Stage(r.Progress)}; written in {r.Language}; policy {r.PolicyVersion} accepted; received {Timestamps.Minutes(r.ReceivedAt)}."));
                context.Console.MarkupLine(Markup.Escape("Field languages: " + string.Join(", ", detail.FieldLanguages.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"))));
                foreach (var a in detail.Attachments)
                {
                    context.Console.MarkupLine(Markup.Escape($"Attachment {a.FileName} ({a.ContentType}, {a.Length} bytes, sha256 {a.Sha256})"));
                }

                if (detail.Messages.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape($"No messages yet; answer with `fedctl intake reply {r.FederationCaseId} --message TEXT`."));
                }

                foreach (var m in detail.Messages)
                {
                    var who = m.Side == IntakeSide.Reporter ? "reporter" : $"authority ({m.Author})";
                    context.Console.MarkupLine(Markup.Escape($"[{Timestamps.Minutes(m.At)}] {who}, {m.Language}:"));
                    context.Console.MarkupLine(Markup.Escape("  " + m.Text.Replace("\n", "\n  ", StringComparison.Ordinal)));
                }
            });
        });
        return command;
    }

    private static Command ReplyCommand(CliContext context)
    {
        var id = new Argument<string>("case") { Description = "The federation case id, e.g. FR-01JD3…" };
        var message = new Option<string>("--message") { Required = true, Description = "The text the reporter reads on their status page." };
        var language = new Option<string?>("--language") { Description = "The language you write in (en, fr, de, es, ja, ar); default: the report's." };
        var command = new Command("reply", "Write to the reporter; the message shows on their status page.") { id, message, language };
        command.SetAction(context, async (parse, ct) =>
        {
            var sent = await context.Client(parse).Intake.ReplyAsync(new IntakeReplyRequest
            {
                FederationCaseId = parse.GetRequiredValue(id),
                Text = parse.GetRequiredValue(message),
                Language = parse.GetValue(language) ?? string.Empty,
            }, CliContext.Call(ct));
            context.Print(parse, sent, () =>
                context.Console.MarkupLine(Markup.Escape($"Sent to the reporter of {parse.GetRequiredValue(id)} at {Timestamps.Minutes(sent.At)} ({sent.Language}).")));
        });
        return command;
    }

    private static string Stage(IntakeProgress progress) => progress switch
    {
        IntakeProgress.Received => "received",
        IntakeProgress.Triaged => "triaged",
        IntakeProgress.Coordinating => "coordinating",
        IntakeProgress.Published => "published",
        IntakeProgress.Closed => "closed",
        _ => "unknown",
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
