using Federation.Contracts.V1;
using Federation.Core.Publication;
using Federation.Node.Grpc.Mapping;
using Grpc.Core;

namespace Federation.Node.Grpc.Admin;

/// <summary>Coordinated publication: publish a case's advisory, list and read the advisories public here.</summary>
public sealed class PublicationAdminService(PublicationService publications, ParticipantAdvisoryService participant) : PublicationAdmin.PublicationAdminBase
{
    private const string AdvisoryList = "advisories";

    public override async Task<Advisory> PublishCase(PublishCaseRequest request, ServerCallContext context)
    {
        var category = PublicationMapper.ToDomain(request.RemediationCategory);
        var details = string.IsNullOrWhiteSpace(request.RemediationDetails) ? PublicationMapper.DefaultDetails(category) : request.RemediationDetails;
        var publishAt = request.PublishAt is null ? (DateTimeOffset?)null : EmbargoMapper.Instant(request.PublishAt, "publish_at");
        var advisory = await publications.PublishAsync(request.FederationCaseId, new AdvisoryRemediation(category, details), publishAt, AdminCall.Actor(context), context.CancellationToken);
        return PublicationMapper.ToWire(advisory);
    }

    public override async Task<Advisory> PublishParticipantAdvisory(PublishParticipantAdvisoryRequest request, ServerCallContext context)
    {
        var category = PublicationMapper.ToDomain(request.RemediationCategory);
        var details = string.IsNullOrWhiteSpace(request.RemediationDetails) ? PublicationMapper.DefaultDetails(category) : request.RemediationDetails;
        var advisory = await participant.PublishAsync(request.FederationCaseId, new AdvisoryRemediation(category, details), AdminCall.Actor(context), context.CancellationToken);
        return PublicationMapper.ToWire(advisory);
    }

    public override async Task<ListAdvisoriesResponse> ListAdvisories(ListAdvisoriesRequest request, ServerCallContext context)
    {
        var page = await publications.ListAsync(PageTokens.Read(AdvisoryList, null, request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListAdvisoriesResponse { NextPageToken = PageTokens.Next(AdvisoryList, null, page) };
        response.Advisories.AddRange(page.Items.Select(PublicationMapper.ToWire));
        return response;
    }

    public override async Task<Advisory> GetAdvisory(GetAdvisoryRequest request, ServerCallContext context) =>
        PublicationMapper.ToWire(await publications.GetAsync(request.TrackingId, context.CancellationToken));
}
