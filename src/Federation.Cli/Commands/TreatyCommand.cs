using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl treaty list|explain|validate.</summary>
internal sealed class TreatyCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("treaty", "Treaties: what binds this node, and what they let flow.");
        command.Add(ListCommand(context));
        command.Add(ExplainCommand(context));
        command.Add(ValidateCommand(context));
        command.Add(InstallCommand(context));
        command.Add(HistoryCommand(context));
        command.Add(DiffCommand(context));
        return command;
    }

    private static Command InstallCommand(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The treaty YAML file to install." };
        var install = new Command("install",
            "Install a treaty version and countersign it; it comes into force when every party has countersigned the same document.") { file };
        install.SetAction(context, async (parse, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new CliException($"'{path.FullName}' does not exist.");
            }

            var info = await context.Client(parse).Treaties.InstallTreatyAsync(
                new InstallTreatyRequest { FileName = path.Name, Yaml = await File.ReadAllTextAsync(path.FullName, ct) }, CliContext.Call(ct));
            context.Print(parse, info, () => context.Console.MarkupLine(
                $"Installed and countersigned {Markup.Escape($"{info.TreatyId} v{info.Version}")} (hash {info.ContentHash[..16]}…): {Markup.Escape(info.Status)}."));
        });
        return install;
    }

    private static Command HistoryCommand(CliContext context)
    {
        var id = new Argument<string>("treaty") { Description = "Treaty id, e.g. ai-cvd-fr-de-jp." };
        var history = new Command("history", "Every installed version of a treaty, its countersignatures and its status.") { id };
        history.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Treaties;
            var treatyId = parse.GetRequiredValue(id);
            var (all, _) = await context.PageAsync<TreatyInfo>(0, "versions", async (size, token) =>
            {
                var page = await client.ListTreatyVersionsAsync(new ListTreatyVersionsRequest { TreatyId = treatyId, PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Versions, page.NextPageToken);
            });
            var response = new ListTreatyVersionsResponse { Versions = { all } };
            context.Print(parse, response, () =>
            {
                var table = new Table().AddColumns("Version", "Hash").AddColumn(new TableColumn("Installed (UTC)").NoWrap())
                    .AddColumn(new TableColumn("Countersigned by (UTC)").NoWrap()).AddColumns("Awaiting", "Status");
                foreach (var v in response.Versions)
                {
                    table.AddRow(v.Version.ToString(CultureInfo.InvariantCulture), v.ContentHash[..Math.Min(16, v.ContentHash.Length)] + "…", Timestamps.Minutes(v.InstalledAt),
                        Markup.Escape(string.Join("\n", v.Signatures.Select(s => $"{s.Jurisdiction} {Timestamps.Minutes(s.SignedAt)}"))),
                        v.Awaiting.Count == 0 ? "-" : string.Join(" ", v.Awaiting), Markup.Escape(v.Status));
                }

                context.Console.Write(table);
            });
        });
        return history;
    }

    private static Command DiffCommand(CliContext context)
    {
        var id = new Argument<string>("treaty") { Description = "Treaty id, e.g. ai-cvd-fr-de-jp." };
        var from = new Argument<string>("from") { Description = "The earlier version, e.g. v3 or 3." };
        var to = new Argument<string>("to") { Description = "The later version, e.g. v4 or 4." };
        var diff = new Command("diff", "What changed between two versions of a treaty.") { id, from, to };
        diff.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Treaties.DiffTreatyAsync(new DiffTreatyRequest
            {
                TreatyId = parse.GetRequiredValue(id),
                FromVersion = Version(parse.GetRequiredValue(from)),
                ToVersion = Version(parse.GetRequiredValue(to)),
            }, CliContext.Call(ct));
            context.Print(parse, response, () =>
            {
                if (response.Changes.Count == 0)
                {
                    context.Console.MarkupLine("No difference.");
                }

                foreach (var change in response.Changes)
                {
                    var colour = change[0] switch { '+' => "green", '-' => "red", _ => "yellow" };
                    context.Console.MarkupLine($"[{colour}]{Markup.Escape(change)}[/]");
                }
            });
        });
        return diff;
    }

    private static int Version(string text) =>
        int.TryParse(text.TrimStart('v', 'V'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw new CliException($"'{text}' is not a treaty version: use v3 or 3.");

    private static Command ListCommand(CliContext context)
    {
        var list = new Command("list", "List the treaties this node is party to.");
        list.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Treaties;
            var (all, _) = await context.PageAsync<TreatyInfo>(0, "treaties", async (size, token) =>
            {
                var page = await client.ListTreatiesAsync(new ListTreatiesRequest { PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Treaties, page.NextPageToken);
            });
            var response = new ListTreatiesResponse { Treaties = { all } };
            context.Print(parse, response, () =>
            {
                if (response.Treaties.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape(
                        "No treaties: put treaty files in the node's treaties folder (Federation:TreatiesDirectory) or run `fedctl treaty install FILE`; nothing is shared without one."));
                    return;
                }

                // The field lists are long: one line each under the table, so it fits 120 columns.
                var table = new Table().AddColumn(new TableColumn("Treaty").NoWrap()).AddColumns("Parties", "In force", "Max TLP")
                    .AddColumn(new TableColumn("Review by (UTC)").NoWrap()).AddColumn("Status");
                foreach (var t in response.Treaties)
                {
                    table.AddRow(Markup.Escape($"{t.TreatyId} v{t.Version}"), string.Join(" ", t.Parties), t.InForce ? "[green]yes[/]" : "[red]no[/]", Markup.Escape(WireText.Of(t.MaxTlp)),
                        Timestamps.Minutes(t.ReviewBy), Markup.Escape(t.Status));
                }

                context.Console.Write(table);
                foreach (var t in response.Treaties)
                {
                    context.Console.MarkupLine($"[bold]{Markup.Escape($"{t.TreatyId} v{t.Version}")}[/] fields: {Markup.Escape(string.Join(", ", t.Fields))}");
                }
            });
        });
        return list;
    }

    private static Command ExplainCommand(CliContext context)
    {
        var caseId = CliArguments.Case();
        var partner = CliArguments.Partner("The partner to explain for, e.g. DE.");
        var explain = new Command("explain", "Field by field: what would flow to a partner now, and why each other field would not.") { caseId, partner };
        explain.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Cases.ExplainShareAsync(
                new ExplainShareRequest { FederationCaseId = parse.GetRequiredValue(caseId), Partner = parse.GetRequiredValue(partner) }, CliContext.Call(ct));
            context.Print(parse, response, () =>
            {
                var treaties = string.Join(", ", response.TreatiesConsidered.Select(t => $"{t.TreatyId} v{t.Version}"));
                context.Console.MarkupLine(response.WouldShare
                    ? $"Revision {response.Revision} of {Markup.Escape(response.FederationCaseId)} [green]would be shared[/] with {response.Partner} under {Markup.Escape($"{response.GoverningTreatyId} v{response.GoverningTreatyVersion}")} (treaties in force: {Markup.Escape(treaties)})."
                    : $"{Markup.Escape(response.FederationCaseId)} [red]would not be shared[/] with {response.Partner}: {Markup.Escape(response.Refusal)}.");
                var table = new Table().AddColumns("Field", "Flows", "Why");
                foreach (var f in response.Fields)
                {
                    table.AddRow(WireText.NameOf(f.Field), f.Flows ? "[green]yes[/]" : "[red]no[/]", Markup.Escape(f.Reason));
                }

                context.Console.Write(table);
            });
        });
        return explain;
    }

    private static Command ValidateCommand(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The treaty YAML file to check." };
        var validate = new Command("validate", "Check a treaty file as the node would load it (nothing is installed).") { file };
        validate.SetAction(context, async (parse, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new CliException($"'{path.FullName}' does not exist.");
            }

            var response = await context.Client(parse).Treaties.ValidateTreatyAsync(
                new ValidateTreatyRequest { FileName = path.Name, Yaml = await File.ReadAllTextAsync(path.FullName, ct) }, CliContext.Call(ct));
            context.Print(parse, response, () =>
            {
                if (response.Valid)
                {
                    context.Console.MarkupLine($"[green]valid[/]: {Markup.Escape($"{response.Treaty.TreatyId} v{response.Treaty.Version}")}, parties {string.Join(" ", response.Treaty.Parties)}, hash {response.Treaty.ContentHash[..16]}…");
                }

                foreach (var problem in response.Problems)
                {
                    context.Console.MarkupLine($"[red]problem[/]: {Markup.Escape(problem)}");
                }
            });
            if (!response.Valid)
            {
                throw new CliException($"{path.Name} is not valid ({response.Problems.Count} problem(s)).");
            }
        });
        return validate;
    }
}
