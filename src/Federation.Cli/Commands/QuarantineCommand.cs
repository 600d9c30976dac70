using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl quarantine list|retry|drop: envelopes whose handler failed unexpectedly, kept for an operator.</summary>
internal sealed class QuarantineCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("quarantine", "Received envelopes whose processing failed unexpectedly: list, retry once fixed, or drop.");

        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50, Description = "Show at most this many, newest first (default 50; 0: all); fedctl says when there are more." };
        var list = new Command("list", "List quarantined envelopes with their error.") { limit };
        list.SetAction(context, async (parse, ct) =>
        {
            var client = context.Client(parse).Quarantine;
            var (all, next) = await context.PageAsync<QuarantinedEnvelope>(parse.GetValue(limit), "envelopes", async (size, token) =>
            {
                var page = await client.ListQuarantinedAsync(new ListQuarantinedRequest { PageSize = size, PageToken = token }, CliContext.Call(ct));
                return (page.Envelopes, page.NextPageToken);
            });
            var response = new ListQuarantinedResponse { Envelopes = { all }, NextPageToken = next };
            context.Print(parse, response, () =>
            {
                if (response.Envelopes.Count == 0)
                {
                    context.Console.MarkupLine("Nothing is quarantined.");
                    return;
                }

                // Errors are long: they go under the table, so it fits 120 columns.
                var table = new Table().AddColumn(new TableColumn("Message").NoWrap()).AddColumn("From").AddColumn(new TableColumn("Case").NoWrap())
                    .AddColumn(new TableColumn("Kind").NoWrap()).AddColumns("Attempts", "Since");
                foreach (var e in response.Envelopes)
                {
                    table.AddRow(Markup.Escape(e.MessageId), e.Origin, Markup.Escape(e.FederationCaseId.Length == 0 ? "-" : e.FederationCaseId),
                        WireText.Of(e.Kind), e.Attempts.ToString(CultureInfo.InvariantCulture), Timestamps.Minutes(e.QuarantinedAt));
                }

                context.Console.Write(table);
                foreach (var e in response.Envelopes)
                {
                    context.Console.MarkupLine($"[bold]{Markup.Escape(e.MessageId)}[/] error: {Markup.Escape(e.Error)}");
                }
            });
        });

        var retryId = MessageId("The quarantined envelope to run again, e.g. DE-M-01JD3….");
        var retry = new Command("retry", "Verify the envelope again and apply it (once the fault is fixed). Exit 1 when it fails again.") { retryId };
        retry.SetAction(context, async (parse, ct) =>
        {
            var id = parse.GetRequiredValue(retryId);
            var response = await context.Client(parse).Quarantine.RetryQuarantinedAsync(new RetryQuarantinedRequest { MessageId = id }, CliContext.Call(ct));
            if (!response.Applied)
            {
                throw new CliException($"{id} failed again and stays quarantined: {response.Envelope.Error}", reason: "STILL_QUARANTINED");
            }

            context.Print(parse, response, () => context.Console.MarkupLine($"{Markup.Escape(id)} applied; it left the quarantine."));
        });

        var dropId = MessageId("The quarantined envelope to delete for good, e.g. DE-M-01JD3….");
        var reason = new Option<string>("--reason") { Required = true, Description = "Why it is dropped (kept in the audit log)." };
        var drop = new Command("drop", "Delete a quarantined envelope for good (audited with the reason); a redelivery of it is a duplicate.") { dropId, reason };
        drop.SetAction(context, async (parse, ct) =>
        {
            var id = parse.GetRequiredValue(dropId);
            var response = await context.Client(parse).Quarantine.DropQuarantinedAsync(
                new DropQuarantinedRequest { MessageId = id, Reason = parse.GetRequiredValue(reason) }, CliContext.Call(ct));
            context.Print(parse, response, () => context.Console.MarkupLine($"{Markup.Escape(id)} dropped."));
        });

        command.Add(list);
        command.Add(retry);
        command.Add(drop);
        return command;
    }

    private static Argument<string> MessageId(string description) => new("message-id") { Description = description, CustomParser = CliArguments.Upper };
}
