using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Embargoes;
using Federation.Core.Events;
using Federation.Core.Identity;
using Federation.Core.Inbox;

namespace Federation.Core.Publication;

/// <summary>
/// A participant's own advisory for a partner's case (issue 12: "each participant can publish its own advisory that
/// references the origin's"). It follows the origin: only once the origin's publication signal has arrived and its
/// instant has come by this node's clock, written from the summary this node holds (nothing else of the case is
/// here), with a reference to the origin's document. Publishing again is a correction, as at the origin.
/// </summary>
public sealed class ParticipantAdvisoryService(
    IPublicationStore store,
    IInbox inbox,
    CsafDistributor distributor,
    CsafProviderLocation location,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    AdvisoryPublisher publisher,
    LocalNode node,
    TimeProvider timeProvider,
    IEventSink? events = null)
{
    public async Task<AdvisoryListing> PublishAsync(string caseId, AdvisoryRemediation remediation, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remediation);
        if (string.IsNullOrWhiteSpace(remediation.Details) || remediation.Details.Length > PublicationService.MaxRemediationDetails)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"remediation_details must be 1 to {PublicationService.MaxRemediationDetails} characters.", "remediation_details");
        }

        remediation = remediation with { Details = remediation.Details.Trim() };
        var id = FederationCaseId.Parse(caseId);
        if (id.Origin == node.Jurisdiction)
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"{id} is this node's own case: publish it with 'fedctl case publish {id}'; a participant's advisory is for a partner's case.", "federation_case_id");
        }

        var received = await store.FindReceivedAsync(id.ToString(), cancellationToken)
                       ?? throw new FederationException(ErrorCode.FailedPrecondition,
                           $"{id} has not been published by its origin {id.Origin} (no publication signal has arrived): a participant's advisory references the origin's, so it comes after it.", "federation_case_id");
        var now = timeProvider.GetUtcNow();
        if (now < received.PublishedAt)
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"{id} is public only from {EmbargoMachine.Instant(received.PublishedAt)}, the instant its origin {id.Origin} published it: publish this node's advisory from then on.", "federation_case_id");
        }

        if (received.AdvisoryUrl is null || !Uri.TryCreate(received.AdvisoryUrl, UriKind.Absolute, out var originUrl))
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"The publication signal of {id} from {id.Origin} carries no advisory URL to reference (its node predates it); a correction by {id.Origin} brings one.", "federation_case_id");
        }

        var summary = await inbox.FindSummaryAsync(id.ToString(), cancellationToken);
        if (summary is null || summary.Withdrawn)
        {
            throw new FederationException(ErrorCode.FailedPrecondition, $"This node holds no summary of {id} to write an advisory from.", "federation_case_id");
        }

        // The advisory is public (TLP:CLEAR) and says only what the origin made public: the summary of the revision the
        // origin published. An older one may not be public yet in that form, a newer one (an edit since) is not public
        // until the origin publishes a correction.
        if (summary.Revision != received.Revision)
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"This node holds revision {summary.Revision} of {id}, but {id.Origin} published revision {received.Revision}: a participant's advisory is written only from the revision its origin made public ("
                + (summary.Revision < received.Revision ? "wait for that revision to arrive" : $"wait for {id.Origin} to publish a correction") + ").", "federation_case_id");
        }

        var subject = AdvisoryCase.From(summary);
        var origin = new OriginAdvisory(received.PublisherName ?? $"the authority of {received.Origin}", received.TrackingId, originUrl);
        var existing = await store.FindAdvisoryByCaseAsync(id.ToString(), cancellationToken);
        // Our tracking id names our jurisdiction and the case, so it never collides with the origin's in any listing.
        var publication = existing is null
            ? AdvisoryPublication.Initial(publisher, $"{node.Jurisdiction}-{id}", remediation, now) with { DirectoryUrl = location.DirectoryUrl, Origin = origin }
            : (existing.ToPublication(publisher) with { DirectoryUrl = location.DirectoryUrl, Origin = origin }).Correct(now, "Correction.", remediation);
        var document = CsafAdvisoryBuilder.Build(subject, publication);
        PublishedAdvisory advisory;
        if (existing is null)
        {
            advisory = new PublishedAdvisory(id.ToString(), publication, document);
            store.AddAdvisory(advisory);
        }
        else
        {
            existing.Revise(publication, document);
            advisory = existing;
        }

        await distributor.RecordAsync(advisory, subject.Title, cancellationToken);
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.CasePublished, actor, id.ToString(), existing is null ? "participant-published" : "participant-corrected",
            $"tracking_id={advisory.TrackingId}; version={advisory.Version}; sha256={advisory.Sha256}; references={received.TrackingId}"));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        events?.Publish(new FederationEvent(EventKinds.CasePublished, id.ToString(), now,
            $"advisory {advisory.TrackingId} version {advisory.Version}, referencing {received.TrackingId} of {id.Origin}"));
        return AdvisoryListing.Of(advisory, node.Jurisdiction.Value, withJson: true);
    }
}
