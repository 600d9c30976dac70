using Federation.Contracts.V1;
using Federation.Core.Cases;
using Federation.Core.Sharing;
using Federation.Core.Taxonomy;
using Federation.Node.Grpc.Mapping;
using Grpc.Core;
using WireCase = Federation.Contracts.V1.Case;

namespace Federation.Node.Grpc.Admin;

/// <summary>Cases: each method maps the request, calls one Core service, maps the answer.</summary>
public sealed class CaseAdminService(CaseService cases, ShareService sharing, ExplainService explainer) : CaseAdmin.CaseAdminBase
{
    private const string CaseList = "cases";
    private const string AssessmentList = "assessments";
    private const string LinkList = "links";

    public override async Task<WireCase> CreateCase(CreateCaseRequest request, ServerCallContext context) =>
        CaseMapper.ToWire(await cases.CreateAsync(CaseMapper.ToDomain(request.Fields), AdminCall.Actor(context), context.CancellationToken));

    public override async Task<WireCase> UpdateCase(UpdateCaseRequest request, ServerCallContext context) =>
        CaseMapper.ToWire(await cases.UpdateAsync(request.FederationCaseId, CaseMapper.ToDomain(request.Fields), AdminCall.Actor(context), context.CancellationToken));

    public override async Task<WireCase> GetCase(GetCaseRequest request, ServerCallContext context) =>
        CaseMapper.ToWire(await cases.GetAsync(request.FederationCaseId, context.CancellationToken));

    public override async Task<ListCasesResponse> ListCases(ListCasesRequest request, ServerCallContext context)
    {
        var page = await cases.ListAsync(PageTokens.Read(CaseList, null, request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListCasesResponse { NextPageToken = PageTokens.Next(CaseList, null, page) };
        response.Cases.AddRange(page.Items.Select(CaseMapper.ToListItem));
        return response;
    }

    public override async Task<WireCase> RecordConsent(RecordConsentRequest request, ServerCallContext context) =>
        CaseMapper.ToWire(await cases.RecordConsentAsync(request.FederationCaseId, request.Scopes, request.WithdrawAll,
            AdminCall.ActorFor(context, request.RecordedBy), context.CancellationToken));

    public override async Task<ShareCaseResponse> ShareCase(ShareCaseRequest request, ServerCallContext context)
    {
        var outcomes = await sharing.ShareAsync(request.FederationCaseId, request.Partners, AdminCall.Actor(context), context.CancellationToken);
        var response = new ShareCaseResponse();
        response.Decisions.AddRange(outcomes.Select(ShareMapper.ToWire));
        return response;
    }

    public override async Task<ShareExplanation> ExplainShare(ExplainShareRequest request, ServerCallContext context)
    {
        var (@case, evaluation) = await explainer.ExplainAsync(request.FederationCaseId, request.Partner, context.CancellationToken);
        return ShareMapper.ToWire(@case, evaluation);
    }

    public override async Task<WireCase> AssessCase(AssessCaseRequest request, ServerCallContext context)
    {
        var (assessed, _) = await cases.AssessAsync(request.FederationCaseId, request.Cvss, request.Ssvc,
            AdminCall.ActorFor(context, request.AssessedBy), context.CancellationToken);
        return CaseMapper.ToWire(assessed);
    }

    public override async Task<ListAssessmentsResponse> ListAssessments(ListAssessmentsRequest request, ServerCallContext context)
    {
        var filter = request.FederationCaseId;
        var all = await cases.ListAssessmentsAsync(request.FederationCaseId, context.CancellationToken);
        var page = PageTokens.Read(AssessmentList, filter, request.PageSize, request.PageToken).Slice(all);
        var response = new ListAssessmentsResponse { NextPageToken = PageTokens.Next(AssessmentList, filter, page) };
        response.Assessments.AddRange(page.Items.Select(RiskMapper.ToWire));
        return response;
    }

    public override async Task<ListCaseLinksResponse> ListCaseLinks(ListCaseLinksRequest request, ServerCallContext context)
    {
        var caseId = string.IsNullOrWhiteSpace(request.FederationCaseId) ? null : request.FederationCaseId;
        var page = await cases.ListLinksAsync(caseId, PageTokens.Read(LinkList, caseId, request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListCaseLinksResponse { NextPageToken = PageTokens.Next(LinkList, caseId, page) };
        response.Links.AddRange(page.Items.Select(RiskMapper.ToWire));
        return response;
    }

    public override Task<Taxonomy> GetTaxonomy(GetTaxonomyRequest request, ServerCallContext context) =>
        Task.FromResult(RiskMapper.ToWire(TaxonomyCatalogue.Default, request.Language));
}
