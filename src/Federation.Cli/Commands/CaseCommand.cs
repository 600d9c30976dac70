using System.CommandLine;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl case create|update|show|list|consent|assess|assessments|links.</summary>
internal sealed class CaseCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("case", "Record and triage local cases.");
        command.Add(CreateCommand(context));
        command.Add(UpdateCommand(context));
        command.Add(ShowCommand(context));
        command.Add(ListCommand(context));
        command.Add(ConsentCommand(context));
        command.Add(DeadlineCommands.Deadlines(context));
        command.Add(DeadlineCommands.Report(context));
        command.Add(CaseAssessCommand.Create(context));
        command.Add(CaseAssessCommand.CreateHistory(context));
        command.Add(CaseLinksCommand.Create(context));
        return command;
    }

    private static Command CreateCommand(CliContext context)
    {
        var fields = new CaseOptions();
        var command = new Command("create", "Record a new case (it starts TLP:RED, with no consent).");
        fields.AddTo(command);
        command.SetAction(context, async (parse, ct) =>
        {
            var created = await context.Client(parse).Cases.CreateCaseAsync(new CreateCaseRequest { Fields = fields.Read(parse) }, CliContext.Call(ct));
            context.Print(parse, created, () => RenderCase(context.Console, created));
        });
        return command;
    }

    private static Command UpdateCommand(CliContext context)
    {
        var fields = new CaseOptions();
        var id = new Argument<string>("case") { Description = "Federation case id, e.g. FR-01JD3…" };
        var command = new Command("update", "Change fields of a case; fields not given stay as they are.") { id };
        fields.AddTo(command);
        command.SetAction(context, async (parse, ct) =>
        {
            var updated = await context.Client(parse).Cases.UpdateCaseAsync(
                new UpdateCaseRequest { FederationCaseId = parse.GetRequiredValue(id), Fields = fields.Read(parse) }, CliContext.Call(ct));
            context.Print(parse, updated, () => RenderCase(context.Console, updated));
        });
        return command;
    }

    private static Command ShowCommand(CliContext context)
    {
        var id = new Argument<string>("case");
        var command = new Command("show", "Show a local case, raw fields included (they never leave the node).") { id };
        command.SetAction(context, async (parse, ct) =>
        {
            var found = await context.Client(parse).Cases.GetCaseAsync(new GetCaseRequest { FederationCaseId = parse.GetRequiredValue(id) }, CliContext.Call(ct));
            context.Print(parse, found, () => RenderCase(context.Console, found));
        });
        return command;
    }

    private static Command ListCommand(CliContext context)
    {
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50, Description = "Show at most this many cases (0: all); fedctl says when there are more." };
        var command = new Command("list", "List local cases, most recently changed first.") { limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Cases;
            var (cases, next) = await context.PageAsync<Case>(parse.GetValue(limit), "cases", async (size, token) =>
            {
                var page = await client.ListCasesAsync(new ListCasesRequest { PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Cases, page.NextPageToken);
            });
            var list = new ListCasesResponse { Cases = { cases }, NextPageToken = next };
            context.Print(parse, list, () =>
            {
                var table = new Table().AddColumn(new TableColumn("Case").NoWrap()).AddColumns("Title", "TLP", "Status", "Consent", "Rev", "Updated (UTC)");
                foreach (var c in list.Cases)
                {
                    table.AddRow(Markup.Escape(c.FederationCaseId), Markup.Escape(c.Title), WireText.Of(c.Tlp), WireText.Of(c.Status),
                        Markup.Escape(string.Join(", ", c.ConsentScopes)), c.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        c.UpdatedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                }

                context.Console.Write(table);
            });
        });
        return command;
    }

    private static Command ConsentCommand(CliContext context)
    {
        var id = new Argument<string>("case");
        var scopes = new Option<string[]>("--scope")
        {
            Description = "A scope the reporter allows (repeat): share-summary, share-vendor, share-reporter. Scopes not named are withheld.",
            AllowMultipleArgumentsPerToken = true,
        };
        var by = new Option<string>("--by") { Description = "Who gave the consent (kept in the audit log)." };
        var withdrawAll = new Option<bool>("--withdraw-all") { Description = "Withdraw every consent: partners holding the case receive withdrawals and delete it." };
        var command = new Command("consent", "Record the reporter's consent, replacing what was recorded before.") { id, scopes, by, withdrawAll };
        command.SetAction(context, async (parse, ct) =>
        {
            var request = new RecordConsentRequest
            {
                FederationCaseId = parse.GetRequiredValue(id),
                RecordedBy = parse.GetValue(by) ?? string.Empty,
                WithdrawAll = parse.GetValue(withdrawAll),
            };
            request.Scopes.AddRange(parse.GetValue(scopes) ?? []);
            var updated = await context.Client(parse).Cases.RecordConsentAsync(request, CliContext.Call(ct));
            context.Print(parse, updated, () => RenderCase(context.Console, updated));
        });
        return command;
    }

    internal static void RenderCase(IAnsiConsole console, Case c)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow($"[bold]{name}[/]", Markup.Escape(value));
        Row("Case", c.FederationCaseId);
        Row("Title", c.Title);
        Row("TLP", WireText.Of(c.Tlp));
        Row("Status", WireText.Of(c.Status));
        Row("Revision", c.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("Consent", c.ConsentScopes.Count == 0 ? "(none: nothing can be shared)" : string.Join(", ", c.ConsentScopes));
        Row("Vendor / product / model", string.Join(" / ", new[] { c.Vendor, c.Product, c.ModelVersion }.Where(v => v.Length > 0).DefaultIfEmpty("-")));
        Row("Sector / taxonomy / component", string.Join(" / ", new[] { c.Sector, c.TaxonomyClass, c.Component }.Where(v => v.Length > 0).DefaultIfEmpty("-")));
        Row("Severity", c.Assessment is null ? "(not assessed: fedctl case assess)" : WireText.Of(c.Assessment.Cvss));
        if (c.Assessment is { } a)
        {
            Row("SSVC", a.Ssvc is null ? "-" : WireText.Of(a.Ssvc));
            Row("Assessed", $"{a.AssessedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)} by {a.Author}");
        }

        Row("Flags", $"{(c.NationalSecurity ? "national-security " : "")}{(c.ContainsPersonalData ? "personal-data" : "")}");
        Row("Updated (UTC)", c.UpdatedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        console.Write(grid);
    }
}
