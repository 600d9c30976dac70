using Federation.Core.Cases;
using Federation.Core.Inbox;
using Federation.Core.Severity;
using Federation.Core.Sharing;

namespace Federation.Core.Publication;

/// <summary>
/// What an advisory is written from: the public fields of one case, either this node's own case or the summary a
/// partner shared of its case (a participant's own advisory). An allow-list like <see cref="SharingRule"/>: the raw
/// fields have no place here, so neither source can leak them into a document.
/// </summary>
public sealed record AdvisoryCase(
    string CaseId,
    string Title,
    string? Synopsis,
    string? Vendor,
    string? Product,
    string? ModelVersion,
    string? TaxonomyClass,
    string? Component,
    CaseSeverity? Severity,
    string? CreditedReporter)
{
    /// <summary>This node's own case; the reporter is credited only under consent share-reporter.</summary>
    public static AdvisoryCase From(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return new AdvisoryCase(@case.Id, @case.Title, @case.Synopsis, @case.Vendor, @case.Product, @case.ModelVersion, @case.TaxonomyClass,
            @case.Component, @case.CurrentSeverity, @case.HasConsent(ConsentScope.ShareReporter) ? @case.ReporterName : null);
    }

    /// <summary>
    /// A partner's summary: only the fields its treaty and the reporter's consent let through are there (the reporter's
    /// name only under share-reporter, by the origin's own rule). A severity that does not parse is left out, not guessed.
    /// </summary>
    public static AdvisoryCase From(ReceivedSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var fields = summary.Fields.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        string? Field(SummaryField field) => fields.GetValueOrDefault(field.Name) is { Length: > 0 } value ? value : null;

        CaseSeverity? severity = null;
        if (Field(SummaryField.Severity) is { } vector && CvssV4Vector.TryParse(vector, out var cvss, out _))
        {
            var ssvc = Field(SummaryField.Ssvc) is { } text && SsvcAssessment.TryParse(text, out var parsed, out _) ? parsed : null;
            severity = new CaseSeverity(cvss.ToString(), cvss.Score(), ssvc);
        }

        return new AdvisoryCase(summary.CaseId, Field(SummaryField.Title) ?? summary.CaseId, Field(SummaryField.Synopsis), Field(SummaryField.Vendor),
            Field(SummaryField.Product), Field(SummaryField.ModelVersion), Field(SummaryField.TaxonomyClass), Field(SummaryField.Component), severity,
            Field(SummaryField.ReporterName));
    }
}
