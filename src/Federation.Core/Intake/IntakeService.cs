using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Deadlines;
using Federation.Core.Duplicates;
using Federation.Core.Embargoes;
using Federation.Core.Events;
using Federation.Core.Identity;
using Federation.Core.Publication;

namespace Federation.Core.Intake;

/// <summary>
/// The researcher's side of a case: a public submission becomes a TLP:RED case in one transaction (case, report,
/// attachments, audit), the token holder follows it, and the reporter and the authority write to each other.
/// Every refusal happens before anything is added, so a refused submission leaves no trace in the store.
/// </summary>
public sealed class IntakeService(
    ICaseStore cases,
    IIntakeStore intake,
    IPublicationStore publications,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    CaseFingerprinter fingerprinter,
    DuplicateLinker linker,
    EmbargoService embargoes,
    DeadlineService deadlines,
    IntakePolicy policy,
    LocalNode node,
    TimeProvider timeProvider,
    IEventSink? events = null)
{
    private const string NotFoundMessage = "No report matches this receipt token.";

    /// <summary>Records a submission; <paramref name="channel"/> names where it came from in the audit (form, api).</summary>
    public async Task<IntakeReceipt> SubmitAsync(IntakeSubmission submission, string channel, CancellationToken cancellationToken)
    {
        var draft = Prepare(submission, channel);
        await StageAsync(draft, cancellationToken);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        Announce(draft);
        return draft.Receipt;
    }

    /// <summary>
    /// Checks a submission and builds what it becomes (case, report, attachments, token), touching no store: every
    /// refusal happens here. A batching writer then stages several drafts in one unit of work and commits them at once.
    /// </summary>
    public IntakeDraft Prepare(IntakeSubmission submission, string channel)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var language = IntakeLanguages.Normalize(submission.Language);
        var statement = policy.RequireAccepted(language, submission.AcceptedPolicyVersion);
        var fields = IntakeFieldCheck.ToCaseFields(submission);
        var uploads = IntakeFieldCheck.CheckAttachments(submission.Attachments);

        var @case = Case.Create(node.Jurisdiction, fields, timeProvider);
        @case.RecordConsent(submission.Consent.Scopes(), timeProvider);
        fingerprinter.Refresh(@case);
        var (token, hash) = ReceiptToken.New();
        var now = timeProvider.GetUtcNow();
        var report = new IntakeReport(@case.Id, hash, language, statement.Version, IntakeFieldCheck.NamesGiven(fields), now);
        var attachments = uploads.Select(u => new IntakeAttachment(Ulid.NewUlid(timeProvider), @case.Id, u.FileName, u.ContentType, u.Content, now)).ToList();
        return new IntakeDraft(@case, report, attachments, $"intake:{channel}", statement.Version, new IntakeReceipt(@case.Id, token, now));
    }

    /// <summary>Adds a draft to the current unit of work (case, report, attachments, audit, duplicate links); the caller commits.</summary>
    public async Task StageAsync(IntakeDraft draft, CancellationToken cancellationToken)
    {
        var @case = draft.Case;
        cases.Add(@case);
        intake.Add(draft.Report);
        foreach (var attachment in draft.Attachments)
        {
            intake.AddAttachment(attachment);
        }

        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.CaseCreated, draft.Actor, @case.Id, "ok", $"tlp={@case.Tlp.ToLabel()}"));
        audit.Append(AuditEntry.Create(timeProvider, IntakeKinds.Received, draft.Actor, @case.Id, "ok",
            $"language={draft.Report.Language}; policy={draft.PolicyVersion}; consent={string.Join(',', @case.ConsentScopes)}; attachments={draft.Attachments.Count}"));
        draft.Links = await linker.LinkLocalAsync(@case, draft.Actor, cancellationToken);
    }

    /// <summary>After the commit: reports the duplicate links found and raises <c>intake.received</c>.</summary>
    public void Announce(IntakeDraft draft)
    {
        linker.Report(draft.Links);
        events?.Publish(new FederationEvent(IntakeKinds.Received, draft.Case.Id, draft.Receipt.ReceivedAt,
            $"language={draft.Report.Language}; policy={draft.PolicyVersion}"));
    }

    /// <summary>The token holder's view. A wrong token, a malformed one and one for no report get the same NOT_FOUND.</summary>
    public async Task<IntakeStatusView> StatusAsync(string? token, CancellationToken cancellationToken)
    {
        var report = await FindByTokenAsync(token, cancellationToken);
        return await ViewAsync(report, cancellationToken);
    }

    /// <summary>The reporter writes to the authority, with the token as the only credential.</summary>
    public async Task<IntakeMessage> PostReporterMessageAsync(string? token, string? text, string? language, CancellationToken cancellationToken)
    {
        var report = await FindByTokenAsync(token, cancellationToken);
        if (await intake.CountMessagesAsync(report.CaseId, IntakeSide.Reporter, cancellationToken) >= IntakeLimits.MessagesPerReport)
        {
            throw new FederationException(ErrorCode.ResourceExhausted,
                $"This report's thread holds {IntakeLimits.MessagesPerReport} messages from the reporter already; wait for the authority's answer.", "text");
        }

        return await AddMessageAsync(report, IntakeSide.Reporter, "reporter", text, language ?? report.Language, cancellationToken);
    }

    /// <summary>The authority answers the reporter; the reply shows on the reporter's status page.</summary>
    public async Task<IntakeMessage> ReplyAsync(string caseId, string? text, string? language, string actor, CancellationToken cancellationToken)
    {
        var report = await FindByCaseAsync(caseId, cancellationToken);
        return await AddMessageAsync(report, IntakeSide.Authority, actor, text, language ?? report.Language, cancellationToken);
    }

    /// <summary>A report as the operator sees it: the same view as the reporter's, by case id.</summary>
    public async Task<(IntakeReport Report, IntakeStatusView View)> ShowAsync(string caseId, CancellationToken cancellationToken)
    {
        var report = await FindByCaseAsync(caseId, cancellationToken);
        return (report, await ViewAsync(report, cancellationToken));
    }

    public async Task<Page<IntakeListing>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var reports = await intake.ListAsync(page, cancellationToken);
        var listings = new List<IntakeListing>(reports.Items.Count);
        foreach (var report in reports.Items)
        {
            var @case = await cases.FindAsync(report.CaseId, cancellationToken);
            var messages = (await intake.ListMessagesAsync(report.CaseId, cancellationToken)).Count;
            listings.Add(new IntakeListing(report, @case?.Title ?? string.Empty, @case?.Status ?? CaseStatus.Closed, messages));
        }

        return new Page<IntakeListing>(listings, reports.NextAfter);
    }

    private async Task<IntakeMessage> AddMessageAsync(
        IntakeReport report, IntakeSide side, string author, string? text, string language, CancellationToken cancellationToken)
    {
        var checkedLanguage = IntakeLanguages.Normalize(language);
        var body = IntakeFieldCheck.Text(text, "text", IntakeLimits.Message, required: true)!;
        var now = timeProvider.GetUtcNow();
        var message = new IntakeMessage(Ulid.NewUlid(timeProvider), report.CaseId, side, author, checkedLanguage, body, now);
        intake.AddMessage(message);
        report.Touch(now);
        var actor = side == IntakeSide.Reporter ? "intake:reporter" : author;
        audit.Append(AuditEntry.Create(timeProvider, IntakeKinds.Message, actor, report.CaseId, "ok",
            $"side={side.ToString().ToLowerInvariant()}; language={checkedLanguage}; length={body.Length}"));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        events?.Publish(new FederationEvent(IntakeKinds.Message, report.CaseId, now, $"side={side.ToString().ToLowerInvariant()}"));
        return message;
    }

    private async Task<IntakeReport> FindByTokenAsync(string? token, CancellationToken cancellationToken)
    {
        // A token is never a lookup by plaintext: its hash is the key, so "no such report" and "wrong token" are one
        // and the same path (one indexed query, one answer). The stored hash is compared again in constant time, so
        // a store that compared keys loosely (collation, prefix) could still not let a near guess through.
        if (string.IsNullOrWhiteSpace(token) || token.Length > IntakeLimits.TokenText)
        {
            throw new FederationException(ErrorCode.NotFound, NotFoundMessage);
        }

        var hash = ReceiptToken.Hash(token);
        var report = await intake.FindByTokenHashAsync(hash, cancellationToken);
        return report is not null && ReceiptToken.Matches(report.TokenHash, hash)
            ? report
            : throw new FederationException(ErrorCode.NotFound, NotFoundMessage);
    }

    private async Task<IntakeReport> FindByCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        var id = FederationCaseId.Parse(caseId).ToString();
        return await intake.FindByCaseAsync(id, cancellationToken)
               ?? throw new FederationException(ErrorCode.NotFound, $"No case {id} came through intake on this node.");
    }

    private async Task<IntakeStatusView> ViewAsync(IntakeReport report, CancellationToken cancellationToken)
    {
        var @case = await cases.FindAsync(report.CaseId, cancellationToken)
                    ?? throw new FederationException(ErrorCode.NotFound, NotFoundMessage);
        var now = timeProvider.GetUtcNow();
        var advisory = await publications.FindAdvisoryByCaseAsync(@case.Id, cancellationToken);
        var progress = IntakeProgressMap.From(@case.Status, advisory is not null && advisory.PublishedAt <= now);
        var messages = await intake.ListMessagesAsync(@case.Id, cancellationToken);
        var attachments = await intake.ListAttachmentsAsync(@case.Id, cancellationToken);
        return new IntakeStatusView(@case.Id, @case.Title, report.Language, report.PolicyVersion, progress, report.ReceivedAt,
            await ReporterDeadlinesAsync(@case.Id, cancellationToken), messages, attachments);
    }

    /// <summary>
    /// The dates a reporter may hold the authority to: when the report may be published (the agreed embargo end, or
    /// the end proposed while partners have not agreed yet) and the timelines this node owes from the first report
    /// or the embargo's end (the CRA early warning, notification and final report). The deadlines partners owe each
    /// other (answers to embargo proposals) are left out: they concern the authorities, and would name the partners.
    /// </summary>
    private async Task<IReadOnlyList<ReporterDeadline>> ReporterDeadlinesAsync(string caseId, CancellationToken cancellationToken)
    {
        var shown = new List<ReporterDeadline>();
        var (_, embargo) = await embargoes.ViewAsync(caseId, cancellationToken);
        if (embargo.AgreedEnd is { } end && embargo.State is EmbargoState.Active or EmbargoState.Revise)
        {
            shown.Add(new ReporterDeadline("embargo-end", end, null));
        }
        else if (embargo.ProposedEnd is { } proposed && embargo.State == EmbargoState.Proposed)
        {
            shown.Add(new ReporterDeadline("publication-proposed", proposed, null));
        }

        shown.AddRange((await deadlines.ListAsync(caseId, cancellationToken))
            .Where(d => d.DueFrom == node.Jurisdiction && d.About is null)
            .Select(d => new ReporterDeadline(d.Name, d.DueAt, d.State)));
        return shown.OrderBy(d => d.DueAt).ToList();
    }
}
