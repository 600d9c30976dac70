using Federation.Core;
using Federation.Core.Intake;
using Federation.Node.Public.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Federation.Node.Public.Pages.Intake;

/// <summary>
/// /{lang}/report: the statement and policy, then the form; on success the receipt token, once, in the answer to the
/// POST itself (no redirect, so the token never lands in a URL or the history). Antiforgery is Razor Pages' own: a
/// POST without the token is answered 400 before this model runs.
/// </summary>
[EnableRateLimiting(Public.Intake.IntakeRateLimit.PolicyName)]
public sealed class ReportModel(IntakeService intake, Public.Intake.IntakeBatcher batcher, IntakePolicy policy, IStringLocalizer<IntakeText> text, TimeProvider timeProvider,
    Federation.Core.Identity.LocalNode node, ILogger<ReportModel> logger) : PageModel
{
    public static IReadOnlyList<FormField> TextFields { get; } =
    [
        new("Title", "title", "FieldTitle", IntakeLimits.Title, Required: true, Long: false),
        new("Synopsis", "synopsis", "FieldSynopsis", IntakeLimits.Synopsis, false, true),
        new("TechnicalDescription", "technical_description", "FieldTechnical", IntakeLimits.TechnicalDescription, false, true),
        new("ProofOfConcept", "proof_of_concept", "FieldPoc", IntakeLimits.ProofOfConcept, false, true),
        new("Vendor", "vendor", "FieldVendor", IntakeLimits.ShortText, false, false),
        new("Product", "product", "FieldProduct", IntakeLimits.ShortText, false, false),
        new("ModelVersion", "model_version", "FieldModelVersion", IntakeLimits.ShortText, false, false),
        new("ReporterName", "reporter_name", "FieldReporterName", IntakeLimits.ShortText, false, false),
        new("ReporterContact", "reporter_contact", "FieldReporterContact", IntakeLimits.Contact, false, false),
    ];

    [BindProperty]
    public ReportInput Input { get; set; } = new();

    /// <summary>The honeypot: hidden from people by CSS (no inline style under the CSP), filled by naive bots.</summary>
    [BindProperty(Name = "website")]
    public string? Website { get; set; }

    public string Lang { get; private set; } = PublicCultures.Default;

    public SafeHarbourStatement? Statement { get; private set; }

    public IntakeReceipt? Receipt { get; private set; }

    /// <summary>Field id (or null for the form as a whole) and the message, in the page's language.</summary>
    public List<(string? FieldId, string Message)> Errors { get; } = [];

    public IActionResult OnGet()
    {
        Load();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Load();
        Response.Headers.CacheControl = "no-store";
        if (Statement is null)
        {
            return Page();
        }

        if (!string.IsNullOrEmpty(Website))
        {
            // A bot: nothing is stored, and the answer looks like a success (a well-formed case id, a token) so it learns
            // nothing; neither exists in the store.
            IntakeLog.HoneypotFilled(logger);
            var unused = Federation.Core.Identity.FederationCaseId.New(node.Jurisdiction, timeProvider).ToString();
            Receipt = new IntakeReceipt(unused, ReceiptToken.New().Token, timeProvider.GetUtcNow());
            return Page();
        }

        CheckFields();
        if (Errors.Count > 0)
        {
            return Page();
        }

        try
        {
            Receipt = await batcher.CommitAsync(intake.Prepare(await ToSubmissionAsync(cancellationToken), "form"));
        }
        catch (FederationException ex) when (ex.Code is ErrorCode.InvalidArgument or ErrorCode.FailedPrecondition)
        {
            Errors.Add(Describe(ex));
        }
        catch (FederationException)
        {
            // The node's own trouble (a full or busy store, a conflict): the reporter keeps the form as typed and
            // reads that nothing was stored, rather than losing everything to an error page.
            Errors.Add((null, text["ErrorNodeUnavailable"]));
        }

        return Page();
    }

    private void Load()
    {
        Lang = RouteData.Values[PublicCultures.RouteKey] as string ?? PublicCultures.Default;
        Statement = policy.For(Lang);
    }

    // The form's own limits first, so the reporter reads a message in their language naming the field and the limit.
    private void CheckFields()
    {
        foreach (var field in TextFields)
        {
            var value = (typeof(ReportInput).GetProperty(field.Name)!.GetValue(Input) as string)?.Trim();
            if (field.Required && string.IsNullOrEmpty(value))
            {
                Errors.Add((field.Id, text["ErrorRequired", text[field.LabelKey]]));
            }
            else if (value is not null && value.Length > field.Max)
            {
                Errors.Add((field.Id, text["ErrorTooLong", text[field.LabelKey], value.Length, field.Max]));
            }
        }

        if (!Input.AcceptPolicy)
        {
            Errors.Add(("Input_AcceptPolicy", text["ErrorPolicy"]));
        }
    }

    private async Task<IntakeSubmission> ToSubmissionAsync(CancellationToken cancellationToken)
    {
        var uploads = new List<IntakeUpload>();
        foreach (var file in Input.Attachments.Where(f => f.Length > 0).Take(IntakeLimits.AttachmentsPerReport + 1))
        {
            // A file over the limit is not read at all; the domain refuses it by its length and names the limit.
            var content = file.Length > IntakeLimits.AttachmentBytes ? new byte[IntakeLimits.AttachmentBytes + 1] : await ReadAsync(file, cancellationToken);
            uploads.Add(new IntakeUpload(file.FileName, file.ContentType, content));
        }

        return new IntakeSubmission
        {
            Language = Lang,
            Title = Input.Title,
            Synopsis = Input.Synopsis,
            TechnicalDescription = Input.TechnicalDescription,
            ProofOfConcept = Input.ProofOfConcept,
            Vendor = Input.Vendor,
            Product = Input.Product,
            ModelVersion = Input.ModelVersion,
            Sector = Input.Sector,
            TaxonomyClass = Input.TaxonomyClass,
            Component = Input.Component,
            ReporterName = Input.ReporterName,
            ReporterContact = Input.ReporterContact,
            Consent = new IntakeConsent(Input.ShareSummary, Input.NameVendor, Input.NameReporter),
            AcceptedPolicyVersion = Input.PolicyVersion,
            Attachments = uploads,
        };
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private (string? FieldId, string Message) Describe(FederationException ex)
    {
        if (ex.Field == "accepted_policy_version")
        {
            return ("Input_AcceptPolicy", text[ex.Code == ErrorCode.FailedPrecondition ? "ErrorPolicyChanged" : "ErrorPolicy"]);
        }

        if (ex.Field == "attachments")
        {
            return ("Input_Attachments", text["ErrorAttachments", ex.Message]);
        }

        var field = TextFields.FirstOrDefault(f => f.DomainName == ex.Field);
        var (id, label) = ex.Field switch
        {
            "sector" => ("Input_Sector", text["FieldSector"].Value),
            "taxonomy_class" => ("Input_TaxonomyClass", text["FieldAttackClass"].Value),
            "component" => ("Input_Component", text["FieldComponent"].Value),
            _ => (field?.Id, field is null ? ex.Field ?? string.Empty : text[field.LabelKey].Value),
        };
        return (id, text["ErrorOther", label, ex.Message]);
    }
}
