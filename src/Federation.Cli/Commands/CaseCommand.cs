using System.CommandLine;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl case create|update|show|list|consent|assess|assessments|links|publish.</summary>
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
        command.Add(CasePublishCommand.Create(context));
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
        var id = CliArguments.Case();
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
        var id = CliArguments.Case();
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
                if (list.Cases.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape("No cases on this node yet: `fedctl case create --title …` records one."));
                    return;
                }

                // Consent without its "share-" prefix, so the title keeps room at 120 columns.
                var table = new Table().AddColumn(new TableColumn("Case").NoWrap()).AddColumns("Title", "TLP", "Status", "Consent", "Rev")
                    .AddColumn(new TableColumn("Updated (UTC)").NoWrap());
                foreach (var c in list.Cases)
                {
                    table.AddRow(Markup.Escape(c.FederationCaseId), Markup.Escape(c.Title), WireText.Of(c.Tlp), WireText.Of(c.Status),
                        Markup.Escape(c.ConsentScopes.Count == 0 ? "-" : string.Join(", ", c.ConsentScopes.Select(s => s.Replace("share-", "", StringComparison.Ordinal)))),
                        c.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), Timestamps.Minutes(c.UpdatedAt));
                }

                context.Console.Write(table);
            });
        });
        return command;
    }

    private static Command ConsentCommand(CliContext context)
    {
        var id = CliArguments.Case();
        var scopes = new Option<string[]>("--scope")
        {
            Description = "A scope the reporter allows (repeat): share-summary, share-vendor, share-reporter. Scopes not named are withheld.",
            AllowMultipleArgumentsPerToken = true,
        };
        var withdrawAll = new Option<bool>("--withdraw-all")
        {
            Description = "Withdraw every scope: partners holding the case's summary receive a withdrawal and delete it. Asks first on a terminal.",
        };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation (needed for --withdraw-all when stdin is not a terminal)." };
        var by = new Option<string>("--by") { Description = "Who gave the consent (kept in the audit log)." };
        var command = new Command("consent",
            "Record the reporter's consent, replacing what was recorded before: --scope for what is allowed, or --withdraw-all.") { id, scopes, withdrawAll, yes, by };
        command.SetAction(context, async (parse, ct) =>
        {
            var caseId = parse.GetRequiredValue(id);
            var named = parse.GetValue(scopes) ?? [];
            if (named.Length > 0 && parse.GetValue(withdrawAll))
            {
                throw CliException.Usage("--scope and --withdraw-all contradict each other: name the scopes the reporter allows, or withdraw all of them.", "--withdraw-all");
            }

            if (named.Length == 0 && !parse.GetValue(withdrawAll))
            {
                // An empty scope list used to withdraw everything silently: withdrawing is never a default.
                throw CliException.Usage(
                    $"case consent needs what the reporter allows: --scope share-summary [--scope share-vendor …], or --withdraw-all to withdraw all consent (partners then delete what they hold of {caseId}).",
                    "--scope", "CONSENT_SCOPE_MISSING");
            }

            if (named.Length == 0 && !parse.GetValue(yes))
            {
                await ConfirmWithdrawalAsync(context, caseId, ct);
            }

            var request = new RecordConsentRequest
            {
                FederationCaseId = caseId,
                RecordedBy = parse.GetValue(by) ?? string.Empty,
                WithdrawAll = parse.GetValue(withdrawAll),
            };
            request.Scopes.AddRange(named);
            var updated = await context.Client(parse).Cases.RecordConsentAsync(request, CliContext.Call(ct));
            context.Print(parse, updated, () => RenderCase(context.Console, updated));
        });
        return command;
    }

    private static async Task ConfirmWithdrawalAsync(CliContext context, string caseId, CancellationToken cancellationToken)
    {
        if (!context.InputIsTerminal)
        {
            throw CliException.Usage($"--withdraw-all needs --yes when stdin is not a terminal (nobody can confirm withdrawing all consent for {caseId}).",
                "--yes", "CONFIRMATION_REQUIRED");
        }

        // The question goes to stderr so that stdout stays the command's result (JSON included).
        await context.Error.WriteAsync($"Withdraw all consent for {caseId}? Partners holding its summary will delete it. [y/N] ");
        var answer = (await context.Input.ReadLineAsync(cancellationToken))?.Trim();
        if (answer is not ("y" or "Y" or "yes" or "Yes" or "YES"))
        {
            throw new CliException($"consent for {caseId} is unchanged (not confirmed).", reason: "NOT_CONFIRMED");
        }
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
