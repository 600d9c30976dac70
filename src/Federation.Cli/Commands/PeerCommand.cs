using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl peer list|handshake|set|suspend|resume.</summary>
internal sealed class PeerCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("peer", "Partners: endpoints, pinned anchors, handshakes, suspensions.");

        var list = new Command("list", "List partners with their endpoint, pinned anchor, pending deliveries, suspension and catch-up cursors.");
        list.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Peers;
            var (all, _) = await context.PageAsync<PeerInfo>(0, "partners", async (size, token) =>
            {
                var page = await client.ListPeersAsync(new ListPeersRequest { PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Peers, page.NextPageToken);
            });
            var response = new ListPeersResponse { Peers = { all } };
            context.Print(parse, response, () =>
            {
                if (response.Peers.Count == 0)
                {
                    context.Console.MarkupLine(Markup.Escape(
                        "No partners: a partner is a party to a treaty this node holds, with its CA pinned (Federation:Partners:J:TrustAnchor) and an endpoint (Federation:Partners:J:Endpoint or `fedctl peer set J --endpoint`)."));
                    return;
                }

                // Catch-up cursors: how far we pulled the partner's log for us, and how far it said it holds ours (times in --json).
                var table = new Table().AddColumns("Partner", "Endpoint", "Anchor (SHA-256)", "Pending", "State", "Pulled to", "Holds ours to");
                foreach (var p in response.Peers)
                {
                    table.AddRow(p.Jurisdiction, Markup.Escape(p.Endpoint), p.AnchorThumbprint.Length > 16 ? p.AnchorThumbprint[..16] + "…" : p.AnchorThumbprint,
                        p.PendingDeliveries.ToString(CultureInfo.InvariantCulture), p.Suspension is null ? "active" : "[bold]suspended[/]",
                        p.PulledAt is null ? "never" : p.PulledThrough.ToString(CultureInfo.InvariantCulture),
                        p.PartnerHoldsThrough.ToString(CultureInfo.InvariantCulture));
                }

                context.Console.Write(table);
                foreach (var p in response.Peers.Where(p => p.Suspension is not null))
                {
                    context.Console.MarkupLine(Markup.Escape(Suspended(p)));
                }
            });
        });

        var partner = CliArguments.Partner("The partner to call, e.g. DE.");
        var handshake = new Command("handshake", "Call a partner: who it says we are, protocol versions, shared treaties.") { partner };
        handshake.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Peers.HandshakePeerAsync(new HandshakePeerRequest { Partner = parse.GetRequiredValue(partner) }, CliContext.Call(ct));
            context.Print(parse, response, () =>
            {
                context.Console.MarkupLine($"{response.CalleeJurisdiction} sees us as [bold]{response.CallerJurisdiction}[/], speaks {Markup.Escape(string.Join(", ", response.ProtocolVersions))} (selected: {Markup.Escape(response.SelectedProtocolVersion)}), software {Markup.Escape(response.NodeSoftware)}");
                foreach (var t in response.SharedTreaties)
                {
                    context.Console.MarkupLine($"  treaty {Markup.Escape(t.TreatyId)} v{t.Version} ({t.ContentHash[..Math.Min(16, t.ContentHash.Length)]}…)");
                }
            });
        });

        var setPartner = CliArguments.Partner("The partner whose endpoint to set, e.g. DE.");
        var endpoint = new Option<string>("--endpoint") { Required = true, Description = "https://host:port of the partner's peer listener." };
        var set = new Command("set", "Set where a partner is reached (its trust anchor stays as configured).") { setPartner, endpoint };
        set.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Peers.SetPeerEndpointAsync(
                new SetPeerEndpointRequest { Partner = parse.GetRequiredValue(setPartner), Endpoint = parse.GetRequiredValue(endpoint) }, CliContext.Call(ct));
            context.Print(parse, response, () => context.Console.MarkupLine($"{response.Jurisdiction} → {Markup.Escape(response.Endpoint)}"));
        });

        var suspendPartner = CliArguments.Partner("The partner to suspend, e.g. DE.");
        var reason = new Option<string>("--reason") { Required = true, Description = "Why (required, at most 500 characters): audited and shown by `fedctl peer list`." };
        var suspend = new Command("suspend", "Suspend a partner: its calls are refused (PERMISSION_DENIED) and messages to it held, not failed, until resumed.")
        {
            suspendPartner, reason,
        };
        suspend.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Peers.SuspendPeerAsync(
                new SuspendPeerRequest { Partner = parse.GetRequiredValue(suspendPartner), Reason = parse.GetRequiredValue(reason) }, CliContext.Call(ct));
            context.Print(parse, response, () => context.Console.MarkupLine(Markup.Escape(
                $"{Suspended(response)}. {response.PendingDeliveries.ToString(CultureInfo.InvariantCulture)} messages held; `fedctl peer resume {response.Jurisdiction}` releases them.")));
        });

        var resumePartner = CliArguments.Partner("The partner to resume, e.g. DE.");
        var resume = new Command("resume", "Resume a suspended partner: its calls are accepted again and held messages go out now.") { resumePartner };
        resume.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Peers.ResumePeerAsync(new ResumePeerRequest { Partner = parse.GetRequiredValue(resumePartner) }, CliContext.Call(ct));
            context.Print(parse, response, () => context.Console.MarkupLine(Markup.Escape(
                $"{response.Jurisdiction} resumed; {response.PendingDeliveries.ToString(CultureInfo.InvariantCulture)} held messages are on their way.")));
        });

        command.Add(list);
        command.Add(handshake);
        command.Add(set);
        command.Add(suspend);
        command.Add(resume);
        return command;
    }

    private static string Suspended(PeerInfo peer) =>
        $"{peer.Jurisdiction} suspended since {peer.Suspension.SuspendedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)} by {peer.Suspension.SuspendedBy}: {peer.Suspension.Reason}";
}
