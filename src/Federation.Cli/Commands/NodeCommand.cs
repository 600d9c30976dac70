using System.CommandLine;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl node: who this node is and what binds it.</summary>
internal sealed class NodeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("node", "Show this node's jurisdiction, treaties and partners.");
        command.SetAction(context, async (parse, ct) =>
        {
            var info = await context.Client(parse).Node.GetNodeInfoAsync(new GetNodeInfoRequest(), CliContext.Call(ct));
            context.Print(parse, info, () =>
            {
                context.Console.MarkupLine($"Node [bold]{info.Jurisdiction}[/] ({Markup.Escape(info.NodeSoftware)}), protocol {Markup.Escape(string.Join(", ", info.ProtocolVersions))}");
                foreach (var t in info.Treaties)
                {
                    context.Console.MarkupLine($"  treaty {Markup.Escape(t.TreatyId)} v{t.Version}");
                }

                foreach (var p in info.Peers)
                {
                    context.Console.MarkupLine($"  partner {p.Jurisdiction} at {Markup.Escape(p.Endpoint)}");
                }
            });
        });
        return command;
    }
}
