using Federation.Contracts.V1;
using Federation.Core.Deadlines;
using Federation.Core.Embargoes;
using Federation.Core.Identity;
using Federation.Node.Grpc.Mapping;
using Grpc.Core;
using WireEmbargoView = Federation.Contracts.V1.EmbargoView;

namespace Federation.Node.Grpc.Admin;

/// <summary>Embargo signals and a case's clocks; the rules are EmbargoService's and DeadlineService's.</summary>
public sealed class EmbargoAdminService(EmbargoService embargoes, DeadlineService deadlines) : EmbargoAdmin.EmbargoAdminBase
{
    private const string DeadlineList = "deadlines";
    private const string OverdueList = "overdue";

    public override async Task<WireEmbargoView> SignalEmbargo(SignalEmbargoRequest request, ServerCallContext context)
    {
        var (embargoContext, view) = await embargoes.SignalAsync(request.FederationCaseId, WireEnums.ToDomain(request.Kind, "kind"),
            request.Date is null ? null : EmbargoMapper.Instant(request.Date, "date"), WireEnums.ToDomain(request.Preset),
            string.IsNullOrEmpty(request.RefersTo) ? null : request.RefersTo,
            string.IsNullOrEmpty(request.Reason) ? null : request.Reason, AdminCall.Actor(context), context.CancellationToken);
        return EmbargoMapper.ToWire(embargoContext, view);
    }

    public override async Task<WireEmbargoView> GetEmbargo(GetEmbargoRequest request, ServerCallContext context)
    {
        var (embargoContext, view) = await embargoes.ViewAsync(request.FederationCaseId, context.CancellationToken);
        return EmbargoMapper.ToWire(embargoContext, view);
    }

    public override async Task<ListDeadlinesResponse> ListDeadlines(ListDeadlinesRequest request, ServerCallContext context)
    {
        var caseId = FederationCaseId.Parse(request.FederationCaseId).ToString();
        var all = await deadlines.ListAsync(caseId, context.CancellationToken);
        var page = PageTokens.Read(DeadlineList, caseId, request.PageSize, request.PageToken).Slice(all);
        var response = new ListDeadlinesResponse { NextPageToken = PageTokens.Next(DeadlineList, caseId, page) };
        response.Deadlines.AddRange(page.Items.Select(d => EmbargoMapper.ToWire(caseId, d)));
        return response;
    }

    public override async Task<ListDeadlinesResponse> ListOverdue(ListOverdueRequest request, ServerCallContext context)
    {
        var page = await deadlines.OverdueAsync(PageTokens.Read(OverdueList, null, request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListDeadlinesResponse { NextPageToken = PageTokens.Next(OverdueList, null, page) };
        response.Deadlines.AddRange(page.Items.Select(o => EmbargoMapper.ToWire(o.CaseId, o.Deadline)));
        return response;
    }

    public override async Task<ListDeadlinesResponse> RecordReport(RecordReportRequest request, ServerCallContext context)
    {
        await deadlines.RecordReportAsync(request.FederationCaseId, request.Name, AdminCall.Actor(context), context.CancellationToken);
        return await ListDeadlines(new ListDeadlinesRequest { FederationCaseId = request.FederationCaseId, PageSize = Core.Abstractions.PageRequest.MaxSize }, context);
    }
}
