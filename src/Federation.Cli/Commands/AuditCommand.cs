using System.CommandLine;
using System.Globalization;
using System.Text;
using Federation.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl audit checkpoint|verify|prove|export|forks: the node's own transparency log, for operators and auditors, and forks found in partners' logs.</summary>
internal sealed class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("audit", "The node's transparency log: its latest signed checkpoint, a full check, proofs about a message, export bundles for auditors; forks found in partners' logs.");
        command.Add(Checkpoint(context));
        command.Add(Verify(context));
        command.Add(Prove(context));
        command.Add(Export(context));
        command.Add(AuditForksCommand.Create(context));
        return command;
    }

    private static Command Checkpoint(CliContext context)
    {
        var checkpoint = new Command("checkpoint", "Print the latest checkpoint the node signed (a C2SP signed note) and the log's public keys.");
        checkpoint.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Audit.CheckpointAsync(new AuditCheckpointRequest(), CliContext.Call(ct));
            context.Print(parse, response, () =>
            {
                context.Console.MarkupLine($"Log [bold]{Markup.Escape(response.Origin)}[/]: {response.Size.ToString(CultureInfo.InvariantCulture)} leaves, signed {Timestamps.Minutes(response.SignedAt)} UTC.");
                context.Console.WriteLine();
                context.Console.Profile.Out.Writer.Write(response.Note);
                context.Console.WriteLine();
                context.Console.MarkupLine("Keys (give the last to auditors: [bold]fedverify BUNDLE --key KEY[/]):");
                foreach (var key in response.Keys)
                {
                    context.Console.Profile.Out.Writer.WriteLine("  " + key);
                }
            });
        });
        return checkpoint;
    }

    private static Command Verify(CliContext context)
    {
        var verify = new Command("verify", "Have the node recompute its whole log and compare it with every checkpoint it signed. Exit 1 when it does not hold.");
        verify.SetAction(context, async (parse, ct) =>
        {
            // The whole log is read: a longer deadline than a plain call.
            var response = await context.Client(parse).Audit.VerifyAsync(new AuditVerifyRequest(), new CallOptions(deadline: DateTime.UtcNow.AddMinutes(30), cancellationToken: ct));
            if (!response.Holds)
            {
                throw new CliException($"The log does NOT hold: {response.Failure}", reason: "LOG_DOES_NOT_HOLD");
            }

            context.Print(parse, response, () => context.Console.MarkupLine(
                $"The log holds: {response.Leaves.ToString(CultureInfo.InvariantCulture)} leaves recomputed, {response.Checkpoints.ToString(CultureInfo.InvariantCulture)} checkpoints compared."));
        });
        return verify;
    }

    private static Command Prove(CliContext context)
    {
        var id = new Argument<string>("message-id") { Description = "The message, e.g. DE-M-01JD3….", CustomParser = CliArguments.Upper };
        var prove = new Command("prove", "List the log's leaves about a message, each with its inclusion proof in the latest checkpoint.") { id };
        prove.SetAction(context, async (parse, ct) =>
        {
            var response = await context.Client(parse).Audit.ProveAsync(new AuditProveRequest { MessageId = parse.GetRequiredValue(id) }, CliContext.Call(ct));
            context.Print(parse, response, () =>
            {
                var table = new Table().AddColumn("Leaf").AddColumn(new TableColumn("Kind").NoWrap()).AddColumns("At", "Outcome", "Treaty", "Proof");
                foreach (var leaf in response.Leaves)
                {
                    table.AddRow(leaf.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(leaf.Kind), Timestamps.Minutes(leaf.At), Markup.Escape(leaf.Outcome),
                        Markup.Escape(leaf.Treaty.Length == 0 ? "-" : leaf.Treaty),
                        leaf.Covered ? $"{leaf.Proof.Count} hashes" : "not yet covered");
                }

                context.Console.Write(table);
                context.Console.MarkupLine($"Proofs against the checkpoint of size {response.TreeSize.ToString(CultureInfo.InvariantCulture)} (--json prints them).");
            });
        });
        return prove;
    }

    private static Command Export(CliContext context)
    {
        var from = new Option<long>("--from") { DefaultValueFactory = _ => 0, Description = "The first leaf (default 0)." };
        var to = new Option<long>("--to") { DefaultValueFactory = _ => 0, Description = "One past the last leaf (default: the latest checkpoint's size)." };
        var messages = new Option<string[]>("--message") { Description = "Also prove this message's leaves, wherever they are (repeatable).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Write the bundle to this file (default: standard output)." };
        var export = new Command("export", "Export leaves [from, to) with their checkpoints and proofs as a self-contained bundle an auditor checks with fedverify.")
        {
            from, to, messages, output,
        };
        export.SetAction(context, async (parse, ct) =>
        {
            var request = new AuditExportRequest { From = parse.GetValue(from), To = parse.GetValue(to) };
            request.MessageIds.AddRange((parse.GetValue(messages) ?? []).Select(m => m.Trim().ToUpperInvariant()));
            using var call = context.Client(parse).Audit.Export(request, new CallOptions(deadline: DateTime.UtcNow.AddMinutes(30), cancellationToken: ct));
            var path = parse.GetValue(output);
            var written = 0L;
            // Written to a temporary file first: a failed export leaves no half bundle under the name asked for.
            var partial = path is null ? null : path + ".partial";
            try
            {
                await using Stream sink = partial is null ? new MemoryStream() : File.Create(partial);
                await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
                {
                    await sink.WriteAsync(chunk.Data.Memory, ct);
                    written += chunk.Data.Length;
                }

                if (sink is MemoryStream memory)
                {
                    context.Console.Profile.Out.Writer.Write(Encoding.UTF8.GetString(memory.GetBuffer(), 0, (int)memory.Length));
                    return;
                }
            }
            catch
            {
                if (partial is not null)
                {
                    File.Delete(partial);
                }

                throw;
            }

            File.Move(partial!, path!, overwrite: true);
            var message = $"Wrote {written.ToString(CultureInfo.InvariantCulture)} bytes to {path}. Check it with: fedverify {path} --key KEY (fedctl audit checkpoint prints the key).";
            if (context.IsJson(parse))
            {
                context.Console.Profile.Out.Writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["file"] = path!, ["bytes"] = written }));
                return;
            }

            context.Console.MarkupLine(Markup.Escape(message));
        });
        return export;
    }
}
