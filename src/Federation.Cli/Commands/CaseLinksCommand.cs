using System.CommandLine;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl case links [CASE]: possible duplicates that partners hold.</summary>
internal sealed class CaseLinksCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string?>("case") { Description = "A local case; without it, the links of every case.", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 100, Description = "Show at most this many links (0: all); fedctl says when there are more." };
        var command = new Command("links", "Possible duplicates: partner cases whose fingerprint matched a local case under a treaty key (a person confirms).") { id, limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Cases;
            var filter = parse.GetValue(id) ?? string.Empty;
            var (links, next) = await context.PageAsync<CaseLink>(parse.GetValue(limit), "links", async (size, token) =>
            {
                var page = await client.ListCaseLinksAsync(new ListCaseLinksRequest { FederationCaseId = filter, PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Links, page.NextPageToken);
            });
            var response = new ListCaseLinksResponse { Links = { links }, NextPageToken = next };
            context.Print(parse, response, () =>
            {
                if (response.Links.Count == 0)
                {
                    context.Console.WriteLine("No link: no partner summary carried a matching fingerprint (links need a fingerprint key per treaty, Federation:FingerprintKeys, and consent share-vendor on both sides).");
                    return;
                }

                var table = new Table().AddColumn(new TableColumn("Case").NoWrap()).AddColumn(new TableColumn("Partner case").NoWrap()).AddColumns("Partner", "Treaty", "Linked (UTC)");
                foreach (var l in response.Links)
                {
                    table.AddRow(Markup.Escape(l.FederationCaseId), Markup.Escape(l.PartnerCaseId), l.Partner, Markup.Escape(l.TreatyId), Timestamps.Minutes(l.LinkedAt));
                }

                context.Console.Write(table);
            });
        });
        return command;
    }
}
