using Federation.Contracts.V1;
using Federation.Node.Events;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Federation.Node.Grpc.Admin;

/// <summary>The node's events, as they happen, to an operator following them.</summary>
public sealed class EventAdminService(EventHub eventHub) : EventAdmin.EventAdminBase
{
    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<Event> responseStream, ServerCallContext context)
    {
        await foreach (var e in eventHub.FollowAsync(context.CancellationToken))
        {
            if (request.Kinds.Count > 0 && !request.Kinds.Any(k => e.Kind.StartsWith(k, StringComparison.Ordinal)))
            {
                continue;
            }

            await responseStream.WriteAsync(new Event { Kind = e.Kind, FederationCaseId = e.CaseId ?? string.Empty, At = Timestamp.FromDateTimeOffset(e.At), Detail = e.Detail },
                context.CancellationToken);
        }
    }
}
