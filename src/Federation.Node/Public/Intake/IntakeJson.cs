using System.Text.Json;
using System.Text.Json.Serialization;
using Federation.Core;
using Federation.Core.Intake;

namespace Federation.Node.Public.Intake;

/// <summary>The JSON shapes of the intake API: snake_case, unknown members refused, and the mapping to the domain.</summary>
public static class IntakeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        MaxDepth = 8,
    };

    public static IntakeSubmission ToDomain(IntakeReportRequest r) => new()
    {
        Language = r.Language ?? string.Empty,
        Title = r.Title,
        Synopsis = r.Synopsis,
        TechnicalDescription = r.TechnicalDescription,
        ProofOfConcept = r.ProofOfConcept,
        Vendor = r.Vendor,
        Product = r.Product,
        ModelVersion = r.ModelVersion,
        Sector = r.Sector,
        TaxonomyClass = r.TaxonomyClass,
        Component = r.Component,
        ReporterName = r.ReporterName,
        ReporterContact = r.ReporterContact,
        Consent = r.Consent is { } c ? new IntakeConsent(c.ShareSummary, c.NameVendor, c.NameReporter) : IntakeConsent.None,
        AcceptedPolicyVersion = r.AcceptedPolicyVersion,
        Attachments = (r.Attachments ?? []).Select(Decode).ToList(),
    };

    public static object ToJson(IntakeStatusView view) => new
    {
        case_id = view.CaseId,
        title = view.Title,
        language = view.Language,
        policy_version = view.PolicyVersion,
        progress = view.Progress.ToString().ToLowerInvariant(),
        received_at = view.ReceivedAt,
        deadlines = view.Deadlines.Select(d => new { name = d.Name, due_at = d.DueAt, state = d.State?.ToString().ToLowerInvariant() }),
        messages = view.Messages.Select(ToJson),
        attachments = view.Attachments.Select(a => new { file_name = a.FileName, content_type = a.ContentType, length = a.Length, sha256 = a.Sha256 }),
    };

    public static object ToJson(IntakeMessage m) => new
    {
        side = m.Side.ToString().ToLowerInvariant(),
        at = m.At,
        language = m.Language,
        text = m.Text,
    };

    private static IntakeUpload Decode(IntakeAttachmentRequest? a)
    {
        // "attachments":[null] binds to a null element: refused by name, never dereferenced.
        if (a is null)
        {
            throw new FederationException(ErrorCode.InvalidArgument, "An element of attachments is null; give an object per file or leave the file out.", "attachments");
        }

        var base64 = a.ContentBase64 ?? string.Empty;
        // Checked before decoding, so an oversized file costs no allocation of its size.
        if (base64.Length > (IntakeLimits.AttachmentBytes + 2) / 3 * 4 + 4)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"An attachment is over {IntakeLimits.AttachmentBytes / 1024 / 1024} MiB.", "attachments");
        }

        try
        {
            return new IntakeUpload(a.FileName ?? string.Empty, a.ContentType ?? string.Empty, Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new FederationException(ErrorCode.InvalidArgument, "An attachment's content_base64 is not base64.", "attachments");
        }
    }
}
