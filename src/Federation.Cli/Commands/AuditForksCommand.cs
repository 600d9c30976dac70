using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl audit forks list|clear: the evidence of forks this node found as witness of its partners' logs.</summary>
internal static class AuditForksCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("forks", "Forks found in partners' logs (two signed checkpoints that cannot both be true): list the evidence, clear one once looked at.");

        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50, Description = "Show at most this many, newest first (default 50; 0: all); fedctl says when there are more." };
        var list = new Command("list", "List each fork: both signed checkpoints' sizes, roots and times, the certificates that verified them, when it was found, whether it was cleared (--json adds the signed notes, the certificates and a failing proof's hashes).") { limit };
        list.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Forks;
            var (all, next) = await context.PageAsync<LogFork>(parse.GetValue(limit), "forks", async (size, token) =>
            {
                var page = await client.ListForksAsync(new ListForksRequest { PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Forks, page.NextPageToken);
            });
            var response = new ListForksResponse { Forks = { all }, NextPageToken = next };
            context.Print(parse, response, () =>
            {
                if (response.Forks.Count == 0)
                {
                    context.Console.MarkupLine("No partner's log has forked.");
                    return;
                }

                var table = new Table().AddColumn("Partner").AddColumn(new TableColumn("Found").NoWrap()).AddColumns("Kept checkpoint", "Conflicting checkpoint", "State");
                foreach (var f in response.Forks)
                {
                    table.AddRow(f.Partner, Timestamps.Minutes(f.DetectedAt), Describe(f.Known), Describe(f.Conflicting),
                        f.Cleared ? $"cleared {Timestamps.Minutes(f.ClearedAt)} by {Markup.Escape(f.ClearedBy)}" : "[bold]open[/]: not cosigned");
                }

                context.Console.Write(table);
                foreach (var f in response.Forks)
                {
                    context.Console.MarkupLine($"[bold]{f.Partner}[/] ({Markup.Escape(f.Log)}): {Markup.Escape(f.Reason)}"
                        + (f.Cleared ? $"; cleared: {Markup.Escape(f.ClearReason)}" : string.Empty));
                    context.Console.MarkupLine($"  signed under: kept {Certificate(f.Known)}; conflicting {Certificate(f.Conflicting)}");
                    if (f.FailedProof is { } proof)
                    {
                        context.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                            $"  failing proof from size {proof.OldSize} to {proof.NewSize}: {proof.Hashes.Count} hash(es)"));
                    }
                }
            });
        });

        var partner = CliArguments.Partner("The partner whose log's fork was looked at, e.g. DE.");
        var reason = new Option<string>("--reason") { Required = true, Description = "What was found (required, at most 500 characters): audited, kept with the evidence." };
        var clear = new Command("clear", "Resume witnessing a partner's log after a fork: its next checkpoint is taken as a first one and cosigned when it holds. The evidence stays, marked cleared.")
        {
            partner, reason,
        };
        clear.SetAction(context, async (parse, ct) =>
        {
            var code = parse.GetRequiredValue(partner);
            var response = await context.Client(parse).Forks.ClearForkAsync(new ClearForkRequest { Partner = code, Reason = parse.GetRequiredValue(reason) }, CliContext.Call(ct));
            context.Print(parse, response, () => context.Console.MarkupLine(
                $"{response.Forks.Count.ToString(CultureInfo.InvariantCulture)} fork(s) of {Markup.Escape(code)}'s log cleared; it is witnessed again from its next checkpoint."));
        });

        command.Add(list);
        command.Add(clear);
        return command;
    }

    /// <summary>The certificate's SHA-256 fingerprint, first hex digits (--json has the certificate, DER in base64), or that none was kept.</summary>
    private static string Certificate(ForkCheckpoint checkpoint) =>
        checkpoint.Certificate.IsEmpty
            ? "certificate not kept"
            : $"certificate sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(checkpoint.Certificate.Span))[..16]}…";

    /// <summary>Size, the root's first hex digits (enough to tell two apart at a glance; --json has it whole) and the signed time.</summary>
    private static string Describe(ForkCheckpoint checkpoint) =>
        $"size {checkpoint.Size.ToString(CultureInfo.InvariantCulture)}, root {Convert.ToHexStringLower(checkpoint.RootHash.Span)[..Math.Min(16, checkpoint.RootHash.Length * 2)]}…, signed {Timestamps.Minutes(checkpoint.SignedAt)}";
}
