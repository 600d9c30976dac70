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
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 100, Description = "How many links to list at most (default 100)." };
        var command = new Command("links", "Possible duplicates: partner cases whose fingerprint matched a local case under a treaty key (a person confirms).") { id, limit };
        command.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).ListCaseLinksAsync(
                new ListCaseLinksRequest { FederationCaseId = parse.GetValue(id) ?? string.Empty, Limit = parse.GetValue(limit) }, CliContext.Call(ct));
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
