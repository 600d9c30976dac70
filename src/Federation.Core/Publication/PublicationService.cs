using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Delivery;
using Federation.Core.Embargoes;
using Federation.Core.Events;
using Federation.Core.Identity;
using Federation.Core.Sharing;

namespace Federation.Core.Publication;

/// <summary>
/// Coordinated publication: once no embargo binds a case, its origin publishes a CSAF advisory and signals every
/// participant, in the same transaction as the case's new status (and the new revision partners get through the
/// usual propagation). Only the origin publishes; a case already published is republished only as a correction.
/// </summary>
public sealed class PublicationService(
    ICaseStore cases,
    IPublicationStore store,
    EmbargoService embargoes,
    SharePropagator propagator,
    IEnvelopeSealer sealer,
    IOutbox outbox,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    AdvisoryPublisher publisher,
    CsafDistributor distributor,
    CsafProviderLocation location,
    LocalNode node,
    TimeProvider timeProvider,
    IDeliverySignal? deliverySignal = null,
    IEventSink? events = null)
{
    /// <summary>The longest remediation text the store keeps.</summary>
    public const int MaxRemediationDetails = 4000;

    /// <summary>How far ahead a publication may be scheduled.</summary>
    public static readonly TimeSpan MaxSchedule = TimeSpan.FromDays(30);

    public Task<AdvisoryListing> PublishAsync(string caseId, AdvisoryRemediation remediation, string actor, CancellationToken cancellationToken) =>
        PublishAsync(caseId, remediation, publishAt: null, actor, cancellationToken);

    /// <summary>
    /// Publishes (or corrects) the case's advisory. <paramref name="publishAt"/> schedules the first publication: the
    /// advisory, its provider files and every participant's listing appear only from that instant on, so all
    /// parties show it at the same moment.
    /// </summary>
    public async Task<AdvisoryListing> PublishAsync(string caseId, AdvisoryRemediation remediation, DateTimeOffset? publishAt, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remediation);
        if (string.IsNullOrWhiteSpace(remediation.Details) || remediation.Details.Length > MaxRemediationDetails)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"remediation_details must be 1 to {MaxRemediationDetails} characters.", "remediation_details");
        }

        remediation = remediation with { Details = remediation.Details.Trim() };
        var id = FederationCaseId.Parse(caseId);
        if (id.Origin != node.Jurisdiction)
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"Only the case's origin {id.Origin} publishes {id}; this node is {node.Jurisdiction}.", "federation_case_id");
        }

        var @case = await cases.FindAsync(id.ToString(), cancellationToken)
                    ?? throw new FederationException(ErrorCode.NotFound, $"No case {id} exists on this node.");
        // The carve-outs hold at the public border too: a national-security case never leaves the node, and a case
        // holding personal data keeps its free text home, which an advisory would publish to everyone.
        if (@case.NationalSecurity || @case.ContainsPersonalData)
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"{id} is flagged {(@case.NationalSecurity ? "national-security" : "as holding personal data")}: it is not published. If that is no longer so, clear the flag (fedctl case update) and publish then.", "federation_case_id");
        }

        var (context, view) = await embargoes.ViewAsync(id.ToString(), cancellationToken);
        RefuseWhileEmbargoed(id, view);

        var now = timeProvider.GetUtcNow();
        var existing = await store.FindAdvisoryByCaseAsync(@case.Id, cancellationToken);
        if (publishAt is { } scheduled)
        {
            if (existing is not null)
            {
                throw new FederationException(ErrorCode.InvalidArgument,
                    $"{id} is published already (from {EmbargoMachine.Instant(existing.PublishedAt)}): publish_at is for the first publication; a correction is dated when it is made.", "publish_at");
            }

            if (scheduled < now || scheduled > now + MaxSchedule)
            {
                throw new FederationException(ErrorCode.InvalidArgument,
                    $"publish_at {EmbargoMachine.Instant(scheduled)} must be between now ({EmbargoMachine.Instant(now)}) and {MaxSchedule.TotalDays:0} days ahead.", "publish_at");
            }
        }

        // A correction of an advisory still scheduled is dated at its instant, not before: revision dates never go back.
        var revisedAt = existing is null || existing.RevisedAt < now ? now : existing.RevisedAt;
        // The tracking id is the federation case id: unique across the federation, and what partners already know the case by.
        // The canonical URL goes into the document (and so into its hash and signature): it names this provider's white folder.
        var publication = existing is null
            ? AdvisoryPublication.Initial(publisher, @case.Id, remediation, publishAt ?? now) with { DirectoryUrl = location.DirectoryUrl }
            : (existing.ToPublication(publisher) with { DirectoryUrl = location.DirectoryUrl }).Correct(revisedAt, "Correction.", remediation);

        // The status change bumps the revision: partners holding the case get it through the usual propagation.
        @case.Update(new CaseFieldsUpdate { Status = CaseStatus.Published }, timeProvider);
        var document = CsafAdvisoryBuilder.Build(@case, publication);
        PublishedAdvisory advisory;
        if (existing is null)
        {
            advisory = new PublishedAdvisory(@case.Id, publication, document);
            store.AddAdvisory(advisory);
        }
        else
        {
            existing.Revise(publication, document);
            advisory = existing;
        }

        // The white folder's row (hashes, signature) commits with the document: the bytes served are the bytes signed.
        var entry = await distributor.RecordAsync(advisory, @case.Title, cancellationToken);
        var queued = await propagator.PropagateAsync(@case, actor, cancellationToken);
        var signal = new PublicationSignal(id, @case.Revision, advisory.PublishedAt, advisory.TrackingId, advisory.Version, advisory.Sha256,
            location.DocumentUrl(entry.Path), publisher.Name);
        var recipients = context.Participants.Where(p => p != node.Jurisdiction).OrderBy(p => p.Value, StringComparer.Ordinal).ToList();
        foreach (var recipient in recipients)
        {
            var messageId = MessageId.New(node.Jurisdiction, timeProvider);
            outbox.Enqueue(new OutboxMessage(messageId, recipient.Value, @case.Id, @case.Revision, sealer.SealPublication(messageId, recipient, signal, now), now));
        }

        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.CasePublished, actor, @case.Id, existing is null ? "published" : "corrected",
            $"revision={@case.Revision}; tracking_id={advisory.TrackingId}; version={advisory.Version}; sha256={advisory.Sha256}; public_from={EmbargoMachine.Instant(advisory.PublishedAt)}; to={string.Join(',', recipients)}"));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        if (queued + recipients.Count > 0)
        {
            deliverySignal?.Notify();
        }

        events?.Publish(new FederationEvent(EventKinds.CasePublished, @case.Id, now, $"advisory {advisory.TrackingId} version {advisory.Version}"));
        return AdvisoryListing.Of(advisory, node.Jurisdiction.Value, withJson: true);
    }

    /// <summary>Advisories public now (by this node's clock), own and partners', newest first.</summary>
    public async Task<Page<AdvisoryListing>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var own = await store.ListAdvisoriesAsync(now, cancellationToken);
        var received = await store.ListReceivedAsync(now, cancellationToken);
        var all = own.Select(a => AdvisoryListing.Of(a, node.Jurisdiction.Value, withJson: false))
            .Concat(received.Select(AdvisoryListing.Of))
            .OrderByDescending(a => a.PublishedAt)
            .ThenBy(a => a.TrackingId, StringComparer.Ordinal)
            .ToList();
        return page.Slice(all);
    }

    /// <summary>One advisory, own (with its document) or a partner's (a reference); one not yet public is not found.</summary>
    public async Task<AdvisoryListing> GetAsync(string trackingId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var id = string.IsNullOrWhiteSpace(trackingId)
            ? throw new FederationException(ErrorCode.InvalidArgument, "tracking_id is required.", "tracking_id")
            : trackingId.Trim();
        if (await store.FindAdvisoryAsync(id, cancellationToken) is { } own && own.PublishedAt <= now)
        {
            return AdvisoryListing.Of(own, node.Jurisdiction.Value, withJson: true);
        }

        if (await store.FindReceivedByTrackingIdAsync(id, cancellationToken) is { } received && received.PublishedAt <= now)
        {
            return AdvisoryListing.Of(received);
        }

        // Not yet public is answered like unknown: the listener shows nothing before its instant.
        throw new FederationException(ErrorCode.NotFound, $"No advisory {id} is published here.");
    }

    private static void RefuseWhileEmbargoed(FederationCaseId id, EmbargoView view)
    {
        var why = view.State switch
        {
            EmbargoState.Proposed => $"an embargo is proposed{End(" ending", view.ProposedEnd)} and binds the case until it is lifted",
            EmbargoState.Active => $"the embargo is active{End(" until the agreed end", view.AgreedEnd)}",
            EmbargoState.Revise => $"the embargo is active{End(" until the agreed end", view.AgreedEnd)}, with an extension{End(" to", view.ProposedEnd)} proposed",
            _ => null,
        };
        if (why is not null)
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"{id} cannot be published: {why}. Lift it first with 'fedctl embargo lift {id}' (or 'fedctl embargo break {id}' if it is exploited in the wild).", "embargo");
        }
    }

    private static string End(string prefix, DateTimeOffset? end) => end is { } e ? $"{prefix} {EmbargoMachine.Instant(e)}" : string.Empty;
}
