using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl advisories [list] | advisories show ID: the advisories public on this node, own and partners'.</summary>
internal sealed class AdvisoriesCommand
{
    public static Command Create(CliContext context)
    {
        var list = ListCommand(context);
        var command = new Command("advisories", "List the published advisories this node shows (own and partners'), or print one.");
        foreach (var option in list.Options)
        {
            command.Add(option);
        }

        // `fedctl advisories` alone lists, as `fedctl advisories list` does.
        command.Action = list.Action;
        command.Add(list);
        command.Add(ShowCommand(context));
        return command;
    }

    private static Command ListCommand(CliContext context)
    {
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50, Description = "Show at most this many advisories, newest first (default 50; 0: all); fedctl says when there are more." };
        var command = new Command("list", "List the published advisories (an advisory is listed only once its publication instant has come by this node's clock).") { limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Publications;
            var (advisories, next) = await context.PageAsync<Advisory>(parse.GetValue(limit), "advisories", async (size, token) =>
            {
                var page = await client.ListAdvisoriesAsync(new ListAdvisoriesRequest { PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Advisories, page.NextPageToken);
            });
            var response = new ListAdvisoriesResponse { Advisories = { advisories }, NextPageToken = next };
            context.Print(parse, response, () =>
            {
                if (response.Advisories.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape("No advisories are published here yet: the origin of a case runs `fedctl case publish CASE` once no embargo binds it."));
                    return;
                }

                // The hash is cut to its start so the table keeps to 120 columns; the JSON carries all of it.
                var table = new Table().AddColumn(new TableColumn("Tracking id").NoWrap()).AddColumns("By", "Ver")
                    .AddColumn(new TableColumn("Published (UTC)").NoWrap()).AddColumn("SHA-256 (start; --json: all)");
                foreach (var a in response.Advisories)
                {
                    table.AddRow(Markup.Escape(a.TrackingId), Markup.Escape(a.Publisher + (a.Own ? " (own)" : "")), a.Version.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(Timestamps.Minutes(a.PublishedAt)), Markup.Escape(a.Sha256.Length > 16 ? a.Sha256[..16] + "…" : a.Sha256));
                }

                context.Console.Write(table);
            });
        });
        return command;
    }

    private static Command ShowCommand(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The advisory's tracking id (at present, the federation case id), e.g. FR-01JD3…" };
        var command = new Command("show", "Print an advisory: this node's own as its CSAF 2.0 JSON, exactly as stored; a partner's as a reference (its origin serves the document).") { id };
        command.SetAction(context, async (parse, ct) =>
        {
            var advisory = await context.Client(parse).Publications.GetAdvisoryAsync(new GetAdvisoryRequest { TrackingId = parse.GetRequiredValue(id) }, CliContext.Call(ct));
            context.Print(parse, advisory, () =>
            {
                if (advisory.CsafJson.Length > 0)
                {
                    // The document as-is (no markup, no reformatting): its bytes are what the SHA-256 covers.
                    context.Console.Profile.Out.Writer.Write(advisory.CsafJson);
                    context.Console.Profile.Out.Writer.WriteLine();
                    return;
                }

                context.Console.MarkupLine(Markup.Escape(
                    $"{advisory.TrackingId} version {advisory.Version}, published by {advisory.Publisher} at {Timestamps.Minutes(advisory.PublishedAt)}, sha256 {advisory.Sha256}."));
                context.Console.MarkupLine(Markup.Escape($"{advisory.Publisher} serves the document; this node holds the reference only."));
            });
        });
        return command;
    }
}
