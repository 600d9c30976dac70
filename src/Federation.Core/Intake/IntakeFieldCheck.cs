using Federation.Core.Cases;

namespace Federation.Core.Intake;

/// <summary>
/// Checks a submission against the intake's limits and maps it to a case's raw fields. Each refusal names the
/// field as the JSON endpoint and the form name it (snake_case), so the reporter knows what to shorten.
/// </summary>
internal static class IntakeFieldCheck
{
    public static CaseFieldsUpdate ToCaseFields(IntakeSubmission s) => new()
    {
        Title = Text(s.Title, "title", IntakeLimits.Title, required: true),
        Synopsis = Text(s.Synopsis, "synopsis", IntakeLimits.Synopsis),
        TechnicalDescription = Text(s.TechnicalDescription, "technical_description", IntakeLimits.TechnicalDescription),
        ProofOfConcept = Text(s.ProofOfConcept, "proof_of_concept", IntakeLimits.ProofOfConcept),
        Vendor = Text(s.Vendor, "vendor", IntakeLimits.ShortText),
        Product = Text(s.Product, "product", IntakeLimits.ShortText),
        ModelVersion = Text(s.ModelVersion, "model_version", IntakeLimits.ShortText),
        // Pick lists: the case checks the ids against the catalogue and names the field on a wrong one.
        Sector = Text(s.Sector, "sector", IntakeLimits.ShortText),
        TaxonomyClass = Text(s.TaxonomyClass, "taxonomy_class", IntakeLimits.ShortText),
        Component = Text(s.Component, "component", IntakeLimits.ShortText),
        ReporterName = Text(s.ReporterName, "reporter_name", IntakeLimits.ShortText),
        ReporterContact = Text(s.ReporterContact, "reporter_contact", IntakeLimits.Contact),
    };

    /// <summary>The case fields the submission filled, by the names the case uses.</summary>
    public static IEnumerable<string> NamesGiven(CaseFieldsUpdate f)
    {
        (string Name, string? Value)[] all =
        [
            ("title", f.Title), ("synopsis", f.Synopsis), ("technical_description", f.TechnicalDescription),
            ("proof_of_concept", f.ProofOfConcept), ("vendor", f.Vendor), ("product", f.Product), ("model_version", f.ModelVersion),
            ("sector", f.Sector), ("taxonomy_class", f.TaxonomyClass), ("component", f.Component),
            ("reporter_name", f.ReporterName), ("reporter_contact", f.ReporterContact),
        ];
        return all.Where(x => x.Value is not null).Select(x => x.Name);
    }

    /// <summary>A text field: empty or blank is absent (a form sends every field), longer than the limit is refused.</summary>
    public static string? Text(string? value, string field, int max, bool required = false)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return required
                ? throw new FederationException(ErrorCode.InvalidArgument, $"'{field}' is required.", field)
                : null;
        }

        if (trimmed.Length > max)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"'{field}' is {trimmed.Length} characters long; the limit is {max}.", field);
        }

        // Control characters other than line breaks and tabs have no place in a report and confuse logs and terminals.
        if (trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"'{field}' contains control characters.", field);
        }

        return trimmed;
    }

    public static IReadOnlyList<IntakeUpload> CheckAttachments(IReadOnlyList<IntakeUpload>? uploads)
    {
        uploads ??= [];
        if (uploads.Count > IntakeLimits.AttachmentsPerReport)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"A report carries at most {IntakeLimits.AttachmentsPerReport} attachments; this one has {uploads.Count}.", "attachments");
        }

        return uploads.Select(Check).ToList();
    }

    private static IntakeUpload Check(IntakeUpload upload)
    {
        var name = Path.GetFileName(upload.FileName?.Replace('\\', '/') ?? string.Empty).Trim();
        if (name.Length == 0 || name.Length > IntakeLimits.AttachmentFileName || name.Any(c => char.IsControl(c)))
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"An attachment needs a file name of 1 to {IntakeLimits.AttachmentFileName} characters.", "attachments");
        }

        var type = (upload.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        if (!IntakeLimits.AttachmentTypes.Contains(type))
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"Attachment '{Shown(name)}' has type '{Shown(type)}'; allowed are {string.Join(", ", IntakeLimits.AttachmentTypes)}.", "attachments");
        }

        if (upload.Content is null || upload.Content.Length == 0 || upload.Content.Length > IntakeLimits.AttachmentBytes)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"Attachment '{Shown(name)}' is {upload.Content?.Length ?? 0} bytes; each must be 1 byte to {IntakeLimits.AttachmentBytes / 1024 / 1024} MiB.", "attachments");
        }

        if (!LooksLike(type, upload.Content))
        {
            // A file whose bytes are not of its declared type (an executable named .png) is refused, not relabelled.
            throw new FederationException(ErrorCode.InvalidArgument, $"Attachment '{Shown(name)}' is not a valid {type} file.", "attachments");
        }

        return new IntakeUpload(name, type, upload.Content);
    }

    private static bool LooksLike(string type, byte[] content) => type switch
    {
        "image/png" => content.AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "application/pdf" => content.AsSpan().StartsWith("%PDF-"u8),
        "application/zip" => content.AsSpan().StartsWith((byte[])[0x50, 0x4B, 0x03, 0x04]) || content.AsSpan().StartsWith((byte[])[0x50, 0x4B, 0x05, 0x06]),
        _ => IsUtf8(content),
    };

    private static bool IsUtf8(byte[] content)
    {
        try
        {
            _ = new System.Text.UTF8Encoding(false, true).GetCharCount(content);
            return true;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }
    }

    private static string Shown(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
