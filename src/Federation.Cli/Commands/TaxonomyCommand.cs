using System.CommandLine;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl taxonomy list: the AI taxonomy catalogue the node ships.</summary>
internal sealed class TaxonomyCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("taxonomy", "The AI taxonomy: attack classes (with MITRE ATLAS ids), component kinds, sectors.");
        var lang = new Option<string>("--lang") { Description = "Language of names and descriptions: en (default) or fr.", DefaultValueFactory = _ => "en" };
        var list = new Command("list", "List the catalogue's ids, ATLAS ids and names.") { lang };
        list.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Cases.GetTaxonomyAsync(new GetTaxonomyRequest { Language = parse.GetValue(lang) ?? "en" }, CliContext.Call(ct));
            context.Print(parse, response, () =>
            {
                Render(context.Console, "Attack classes (--taxonomy)", response.AttackClasses, withAtlas: true);
                Render(context.Console, "Component kinds (--component)", response.ComponentKinds, withAtlas: false);
                Render(context.Console, "Sectors (--sector)", response.Sectors, withAtlas: false);
            });
        });
        command.Add(list);
        return command;
    }

    private static void Render(IAnsiConsole console, string title, IEnumerable<TaxonomyEntry> entries, bool withAtlas)
    {
        var table = new Table { Title = new TableTitle(title) }.AddColumn(new TableColumn("Id").NoWrap());
        if (withAtlas)
        {
            table.AddColumn(new TableColumn("ATLAS").NoWrap());
        }

        table.AddColumn("Name");
        foreach (var e in entries)
        {
            var cells = withAtlas
                ? new[] { Markup.Escape(e.Id), Markup.Escape(string.Join(", ", e.AtlasIds)), Markup.Escape(e.Name) }
                : [Markup.Escape(e.Id), Markup.Escape(e.Name)];
            table.AddRow(cells);
        }

        console.Write(table);
    }
}
