using Federation.Contracts.V1;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Federation.Node.Grpc.Mapping;
using Federation.Node.Inbox;
using Federation.Node.Security;
using Grpc.Core;

namespace Federation.Node.Grpc.Admin;

/// <summary>Envelopes whose handler failed unexpectedly: list, retry (verified again, through the inbox writer), drop.</summary>
public sealed class QuarantineAdminService(QuarantineService quarantine, EnvelopeVerifier verifier, InboxBatcher inbox) : QuarantineAdmin.QuarantineAdminBase
{
    private const string QuarantineList = "quarantine";

    public override async Task<ListQuarantinedResponse> ListQuarantined(ListQuarantinedRequest request, ServerCallContext context)
    {
        var page = await quarantine.ListAsync(PageTokens.Read(QuarantineList, null, request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListQuarantinedResponse { NextPageToken = PageTokens.Next(QuarantineList, null, page) };
        response.Envelopes.AddRange(page.Items.Select(QuarantineMapper.ToWire));
        return response;
    }

    public override async Task<RetryQuarantinedResponse> RetryQuarantined(RetryQuarantinedRequest request, ServerCallContext context)
    {
        var held = await quarantine.GetAsync(request.MessageId, context.CancellationToken);
        // Verified when it arrived; again now, since trust, keys and the replay window may have changed since.
        // It was delivered by its origin (the gate required origin = caller), which is who it is checked as now.
        var verified = verifier.Verify(SignedEnvelope.Parser.ParseFrom(held.Envelope),
            new PeerIdentity(JurisdictionCode.Parse(held.Origin), string.Empty, DateTimeOffset.MaxValue));
        var result = await inbox.RetryQuarantinedAsync(verified, context.CancellationToken);
        if (result.Duplicate)
        {
            // Dropped (or applied by another retry) between the look-up and the writer's turn.
            throw new Core.FederationException(Core.ErrorCode.NotFound, $"Envelope {held.MessageId} left the quarantine meanwhile.", "message_id");
        }

        if (!result.Quarantined)
        {
            return new RetryQuarantinedResponse { Applied = true };
        }

        return new RetryQuarantinedResponse { Applied = false, Envelope = QuarantineMapper.ToWire(await quarantine.GetAsync(request.MessageId, context.CancellationToken)) };
    }

    public override async Task<DropQuarantinedResponse> DropQuarantined(DropQuarantinedRequest request, ServerCallContext context)
    {
        await quarantine.DropAsync(request.MessageId, request.Reason, AdminCall.Actor(context), context.CancellationToken);
        return new DropQuarantinedResponse();
    }
}
