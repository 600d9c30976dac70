using System.CommandLine;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl share CASE [--partner DE ...]: what each partner gets, or why not.</summary>
internal sealed class ShareCommand
{
    // The node says so in a reason when the partner already holds this revision. The wire has no
    // flag for it yet (ShareDecision.shared is true either way); until it has, this text is the signal.

    public static Command Create(CliContext context)
    {
        var id = CliArguments.Case("Federation case id of a case of this node, e.g. FR-01JD3… (any letter case).");
        var partners = new Option<string[]>("--partner")
        {
            Description = "Partner jurisdiction (repeat). Default: every partner a treaty in force covers.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("share",
            "Share a case's summary with partners, as treaties and consent allow. Exits 0 when at least one partner was sent a new summary, "
            + "1 when none was (each partner's reason is printed: refused, or it already holds this revision).") { id, partners };
        command.SetAction(context, async (parse, ct) =>
        {
            var caseId = parse.GetRequiredValue(id);
            var request = new ShareCaseRequest { FederationCaseId = caseId };
            request.Partners.AddRange(parse.GetValue(partners) ?? []);
            var response = await context.Client(parse).Cases.ShareCaseAsync(request, CliContext.Call(ct));
            context.Print(parse, response, () => Render(context.Console, caseId, response));
            if (!response.Decisions.Any(Sent))
            {
                var why = response.Decisions.Count == 0
                    ? "no partner is covered by a treaty in force (name one with --partner to see why)"
                    : string.Join("; ", response.Decisions.Select(d => $"{d.Partner}: {d.Reasons.FirstOrDefault() ?? "refused"}"));
                throw new CliException($"nothing was sent for {caseId}: no partner received anything new ({why}).", reason: "NOTHING_SHARED");
            }
        });
        return command;
    }

    /// <summary>A new summary went to the outbox for this partner (not refused, not already held).</summary>
    private static bool Sent(ShareDecision d) => d.Shared && !d.AlreadyShared && d.MessageId.Length > 0;

    private static void Render(IAnsiConsole console, string caseId, ShareCaseResponse response)
    {
        if (response.Decisions.Count == 0)
        {
            console.MarkupLine("No partner is covered by a treaty in force: nothing was shared. Name one with --partner to see why.");
            return;
        }

        var revision = response.Decisions.Max(d => d.Revision);
        console.MarkupLine(Markup.Escape(revision > 0 ? $"{caseId}, revision {revision}:" : $"{caseId}:"));
        // The reasons are long sentences: they go under the table, one per line, so it fits 120 columns.
        var table = new Table().AddColumns("Partner", "Sent").AddColumn(new TableColumn("Treaty").NoWrap()).AddColumn(new TableColumn("Message").NoWrap()).AddColumn("Fields");
        foreach (var d in response.Decisions)
        {
            var sent = Sent(d) ? "[green]yes[/]" : d.Shared ? "[yellow]already[/]" : "[red]no[/]";
            table.AddRow(d.Partner, sent, d.TreatyId.Length == 0 ? "-" : Markup.Escape($"{d.TreatyId} v{d.TreatyVersion}"),
                d.MessageId.Length == 0 ? "-" : Markup.Escape(d.MessageId), Markup.Escape(d.Fields.Count == 0 ? "-" : string.Join(", ", d.Fields.Select(WireText.NameOf))));
        }

        console.Write(table);
        foreach (var d in response.Decisions.Where(d => d.Reasons.Count > 0))
        {
            console.MarkupLine($"[bold]{d.Partner}[/] withheld or refused:");
            foreach (var reason in d.Reasons)
            {
                console.MarkupLine($"  {Markup.Escape(reason)}");
            }
        }
    }
}
