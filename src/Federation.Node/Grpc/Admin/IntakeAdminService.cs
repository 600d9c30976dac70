using Federation.Contracts.V1;
using Federation.Core.Intake;
using Federation.Node.Grpc.Mapping;
using Grpc.Core;

namespace Federation.Node.Grpc.Admin;

/// <summary>The authority's side of researcher intake: list the reports, read a thread, answer the reporter.</summary>
public sealed class IntakeAdminService(IntakeService intake) : IntakeAdmin.IntakeAdminBase
{
    private const string ReportList = "intake-reports";

    public override async Task<ListIntakeReportsResponse> ListReports(ListIntakeReportsRequest request, ServerCallContext context)
    {
        var page = await intake.ListAsync(PageTokens.Read(ReportList, null, request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListIntakeReportsResponse { NextPageToken = PageTokens.Next(ReportList, null, page) };
        response.Reports.AddRange(page.Items.Select(IntakeMapper.ToWire));
        return response;
    }

    public override async Task<IntakeReportDetail> GetReport(GetIntakeReportRequest request, ServerCallContext context)
    {
        var (report, view) = await intake.ShowAsync(request.FederationCaseId, context.CancellationToken);
        return IntakeMapper.ToWire(report, view);
    }

    public override async Task<Contracts.V1.IntakeMessage> Reply(IntakeReplyRequest request, ServerCallContext context)
    {
        var language = string.IsNullOrWhiteSpace(request.Language) ? null : request.Language;
        var message = await intake.ReplyAsync(request.FederationCaseId, request.Text, language, AdminCall.Actor(context), context.CancellationToken);
        return IntakeMapper.ToWire(message);
    }
}
