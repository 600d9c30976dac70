using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl case assess|assessments: severity assessments (CVSS v4.0, SSVC) and their history.</summary>
internal sealed class CaseAssessCommand
{
    public static Command Create(CliContext context)
    {
        var id = CliArguments.Case();
        var cvss = new Option<string>("--cvss") { Description = "CVSS v4.0 vector, e.g. 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'.", Required = true };
        var ssvc = new Option<string>("--ssvc") { Description = "SSVC decision points, e.g. 'SSVC/E:A/A:Y/T:T/M:H' (exploitation, automatable, technical impact, mission & well-being)." };
        var by = new Option<string>("--by") { Description = "Who assessed, when not you (recorded with your operator identity)." };
        var command = new Command("assess", "Record a severity assessment; it becomes the case's current severity and reaches partners holding the case.") { id, cvss, ssvc, by };
        command.SetAction(context, async (parse, ct) =>
        {
            var updated = await context.Client(parse).Cases.AssessCaseAsync(new AssessCaseRequest
            {
                FederationCaseId = parse.GetRequiredValue(id),
                Cvss = parse.GetRequiredValue(cvss),
                Ssvc = parse.GetValue(ssvc) ?? string.Empty,
                AssessedBy = parse.GetValue(by) ?? string.Empty,
            }, CliContext.Call(ct));
            context.Print(parse, updated, () => CaseCommand.RenderCase(context.Console, updated));
        });
        return command;
    }

    public static Command CreateHistory(CliContext context)
    {
        var id = CliArguments.Case();
        var command = new Command("assessments", "List a case's assessments, oldest first; the last is the current severity.") { id };
        command.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Cases;
            var caseId = parse.GetRequiredValue(id);
            var (all, _) = await context.PageAsync<Assessment>(0, "assessments", async (size, token) =>
            {
                var page = await client.ListAssessmentsAsync(new ListAssessmentsRequest { FederationCaseId = caseId, PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Assessments, page.NextPageToken);
            });
            var response = new ListAssessmentsResponse { Assessments = { all } };
            context.Print(parse, response, () =>
            {
                if (response.Assessments.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape("No assessment yet: `fedctl case assess CASE --cvss 'CVSS:4.0/…'` records one."));
                    return;
                }

                // A CVSS vector alone is about 70 characters: vectors go on their own lines so the table fits 120 columns.
                var table = new Table().AddColumn("#").AddColumn(new TableColumn("Assessed (UTC)").NoWrap()).AddColumns("By", "Score", "Rating", "SSVC", "Rev");
                var number = 0;
                foreach (var a in response.Assessments)
                {
                    table.AddRow((++number).ToString(CultureInfo.InvariantCulture), Timestamps.Minutes(a.AssessedAt), Markup.Escape(a.Author),
                        (a.Cvss.ScoreTenths / 10m).ToString("0.0", CultureInfo.InvariantCulture), WireText.Of(a.Cvss.Rating),
                        Markup.Escape(a.Ssvc is null ? "-" : WireText.DecisionOf(a.Ssvc)), a.Revision.ToString(CultureInfo.InvariantCulture));
                }

                context.Console.Write(table);
                number = 0;
                foreach (var a in response.Assessments)
                {
                    context.Console.MarkupLine($"{++number}: {Markup.Escape(a.Cvss.Vector)}{(a.Ssvc is null ? "" : Markup.Escape($"  {WireText.Of(a.Ssvc)}"))}");
                }
            });
        });
        return command;
    }
}
