using Federation.Contracts.V1;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Node.Grpc.Mapping;
using Grpc.Core;
using IInbox = Federation.Core.Inbox.IInbox;

namespace Federation.Node.Grpc.Admin;

/// <summary>What crossed the border: the outbox and the summaries held.</summary>
public sealed class DeliveryAdminService(IOutbox outbox, IInbox inbox) : DeliveryAdmin.DeliveryAdminBase
{
    private const string DeliveryList = "deliveries";
    private const string ReceivedList = "received";

    public override async Task<ListDeliveriesResponse> ListDeliveries(ListDeliveriesRequest request, ServerCallContext context)
    {
        var caseId = string.IsNullOrEmpty(request.FederationCaseId) ? null : FederationCaseId.Parse(request.FederationCaseId).ToString();
        var page = await outbox.ListAsync(caseId, PageTokens.Read(DeliveryList, caseId, request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListDeliveriesResponse { NextPageToken = PageTokens.Next(DeliveryList, caseId, page) };
        var receipts = await outbox.ReceiptsAsync([.. page.Items.Where(m => m.State == Federation.Core.Delivery.DeliveryState.Delivered).Select(m => m.Id)], context.CancellationToken);
        response.Deliveries.AddRange(page.Items.Select(m => DeliveryMapper.ToWire(m, receipts.GetValueOrDefault(m.Id))));
        return response;
    }

    public override async Task<ListReceivedSummariesResponse> ListReceivedSummaries(ListReceivedSummariesRequest request, ServerCallContext context)
    {
        var origin = string.IsNullOrEmpty(request.Origin) ? null : JurisdictionCode.Parse(request.Origin).Value;
        var page = await inbox.ListSummariesAsync(origin, PageTokens.Read(ReceivedList, origin, request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListReceivedSummariesResponse { NextPageToken = PageTokens.Next(ReceivedList, origin, page) };
        response.Summaries.AddRange(page.Items.Select(DeliveryMapper.ToWire));
        return response;
    }
}
