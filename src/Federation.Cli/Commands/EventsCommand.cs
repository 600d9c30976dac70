using System.CommandLine;
using System.Globalization;
using Federation.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;
using Spectre.Console;

namespace Federation.Cli.Commands;

/// <summary>fedctl events: follow the node's events as they happen (one line each, or JSON lines).</summary>
internal sealed class EventsCommand
{
    public static Command Create(CliContext context)
    {
        var kinds = new Option<string[]>("--kind")
        {
            Description = "Kind prefix to follow (repeat), e.g. embargo. or deadline.overdue; default everything.",
            AllowMultipleArgumentsPerToken = true,
        };
        var count = new Option<int>("--count") { Description = "Stop after this many events (default: follow until interrupted)." };
        var command = new Command("events", "Follow summaries received, embargo signals and deadlines as they happen.") { kinds, count };
        command.SetAction(context, async (parse, ct) =>
        {
            var request = new WatchEventsRequest();
            request.Kinds.AddRange(parse.GetValue(kinds) ?? []);
            var limit = parse.GetValue(count);
            var seen = 0;
            var client = context.Client(parse);
            if (!context.IsJson(parse))
            {
                // Nothing arrives until something happens: say that fedctl is waiting, not stuck (stderr keeps stdout the events).
                await context.Error.WriteLineAsync($"Waiting for events from {context.AddressText(parse)}… (Ctrl+C to stop)");
            }

            // No deadline: following is open-ended; Ctrl-C (or --count) ends it.
            using var call = client.Events.WatchEvents(request, cancellationToken: ct);
            try
            {
                await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
                {
                    if (parse.GetValue(context.Json))
                    {
                        context.Console.Profile.Out.Writer.WriteLine(JsonFormatter.Default.Format(e));
                    }
                    else
                    {
                        context.Console.MarkupLine($"{e.At.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}  [bold]{Markup.Escape(e.Kind)}[/]  {Markup.Escape(e.FederationCaseId)}  {Markup.Escape(e.Detail)}");
                    }

                    if (limit > 0 && ++seen >= limit)
                    {
                        return;
                    }
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
                // Interrupted by the operator: a normal end.
            }
        });
        return command;
    }
}
