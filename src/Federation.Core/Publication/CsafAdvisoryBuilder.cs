using System.Globalization;
using System.Text.Json.Nodes;
using Federation.Core.Cases;
using Federation.Core.Taxonomy;

namespace Federation.Core.Publication;

/// <summary>
/// Turns a published case into a CSAF 2.0 <c>csaf_security_advisory</c> (OASIS CSAF 2.0, §3 and §4.3).
/// </summary>
/// <remarks>
/// <para>
/// An allow-list, like <see cref="Sharing.SharingRule"/>: the document is written from named fields of the case
/// (title, synopsis, vendor, product, model version, taxonomy, component, severity, and the reporter's name under
/// consent) and nothing else. The raw fields (technical description, proof of concept, reporter contact) are never
/// read here, so no later edit of this file can leak them by accident of serialization.
/// </para>
/// <para>
/// CVSS v4.0 and SSVC have no field in CSAF 2.0: <see cref="CsafSeverityNotes"/> says where they go and why.
/// The bytes are deterministic (<see cref="CsafJson"/>), so the same case and publication give the same SHA-256.
/// </para>
/// </remarks>
public static class CsafAdvisoryBuilder
{
    public const string ProductId = "CSAFPID-0001";

    public static CsafAdvisory Build(Case @case, AdvisoryPublication publication) => Build(AdvisoryCase.From(@case), publication);

    public static CsafAdvisory Build(AdvisoryCase @case, AdvisoryPublication publication)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(publication);
        var document = new JsonObject
        {
            ["document"] = Document(@case, publication),
            ["product_tree"] = ProductTree(@case),
            ["vulnerabilities"] = new JsonArray(Vulnerability(@case, publication)),
        };
        var bytes = CsafJson.ToUtf8Bytes(document);
        return new CsafAdvisory(publication.TrackingId, publication.Current.Number, bytes);
    }

    private static JsonObject Document(AdvisoryCase @case, AdvisoryPublication publication)
    {
        var publisher = Publisher(publication.Publisher);

        var document = new JsonObject
        {
            ["category"] = "csaf_security_advisory",
            ["csaf_version"] = "2.0",
            ["distribution"] = new JsonObject
            {
                // CSAF 2.0 still uses TLP 1.0 names: WHITE is TLP 2.0's CLEAR (VINCE maps it the same way).
                ["text"] = "TLP:CLEAR (TLP 2.0). CSAF 2.0 names this label WHITE. Disclosure is not limited.",
                ["tlp"] = new JsonObject { ["label"] = "WHITE", ["url"] = "https://www.first.org/tlp/" },
            },
            ["lang"] = publication.Language,
            ["notes"] = new JsonArray(CsafJson.Note("summary", "Summary", Synopsis(@case))),
            ["publisher"] = publisher,
            ["title"] = @case.Title,
            ["tracking"] = Tracking(publication),
        };

        if (@case.Severity is { } severity)
        {
            document["aggregate_severity"] = CsafSeverityNotes.AggregateSeverity(severity);
        }

        var references = new JsonArray();
        if (publication.DirectoryUrl is { } directory)
        {
            // The canonical URL (BSI optional test 6.2.11): the provider's TLP:CLEAR folder, the year, the file name.
            var year = publication.PublishedAt.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture);
            var url = new Uri(directory, $"{year}/{CsafAdvisory.FileNameFor(publication.TrackingId)}");
            references.Add(CsafJson.Reference("self", $"Canonical URL of {publication.TrackingId}", url));
        }

        if (publication.Origin is { } origin)
        {
            references.Add(CsafJson.Reference("external",
                $"Advisory {origin.TrackingId} of {origin.PublisherName}, the authority that coordinated this case", origin.Url));
        }

        if (references.Count > 0)
        {
            document["references"] = references;
        }

        return document;
    }

    /// <summary>CSAF <c>/document/publisher</c>; provider-metadata.json repeats it (CSAF §7.1.7 asks that both match).</summary>
    internal static JsonObject Publisher(AdvisoryPublisher publisher)
    {
        var json = new JsonObject
        {
            // A national CERT or AI safety institute coordinates disclosure; it is not the vendor.
            ["category"] = "coordinator",
            ["name"] = publisher.Name,
            ["namespace"] = publisher.Namespace.AbsoluteUri,
        };
        CsafJson.AddIfPresent(json, "contact_details", publisher.ContactDetails);
        CsafJson.AddIfPresent(json, "issuing_authority", publisher.IssuingAuthority);
        return json;
    }

    private static JsonObject Tracking(AdvisoryPublication publication)
    {
        var history = new JsonArray();
        foreach (var revision in publication.Revisions)
        {
            history.Add(new JsonObject
            {
                ["date"] = CsafJson.Date(revision.Date),
                ["number"] = CsafJson.Number(revision.Number),
                ["summary"] = revision.Summary,
            });
        }

        return new JsonObject
        {
            ["current_release_date"] = CsafJson.Date(publication.Current.Date),
            ["id"] = publication.TrackingId,
            ["initial_release_date"] = CsafJson.Date(publication.PublishedAt),
            ["revision_history"] = history,
            // Published means final; a correction is a new final version, never a return to draft or interim.
            ["status"] = "final",
            ["version"] = CsafJson.Number(publication.Current.Number),
        };
    }

    private static JsonObject ProductTree(AdvisoryCase @case)
    {
        var vendor = Required(@case.Vendor, "vendor");
        var product = Required(@case.Product, "product");
        var model = string.IsNullOrWhiteSpace(@case.ModelVersion) ? null : @case.ModelVersion.Trim();
        var fullName = model is null ? $"{vendor} {product}" : $"{vendor} {product} {model}";
        var leaf = new JsonObject { ["name"] = fullName, ["product_id"] = ProductId };

        // vendor → product_name → product_version; without a model version the product name is the leaf.
        var productBranch = model is null
            ? Branch("product_name", product, leaf)
            : Branch("product_name", product, Branch("product_version", model, leaf));
        return new JsonObject { ["branches"] = new JsonArray(Branch("vendor", vendor, productBranch)) };
    }

    private static JsonObject Vulnerability(AdvisoryCase @case, AdvisoryPublication publication)
    {
        var notes = new JsonArray(CsafJson.Note("description", "Synopsis", Synopsis(@case)));
        var references = new JsonArray();
        if (@case.Severity is { } severity)
        {
            CsafSeverityNotes.Add(severity, notes, references);
        }

        // ATLAS ids classify the attack (as CWE classifies the weakness); CSAF's ids[] is for tracking ids of
        // the vulnerability itself (CVE and the like), so the techniques go in a note and link to MITRE's pages.
        if (TaxonomyCatalogue.Default.TryGet(TaxonomyKind.AttackClass, @case.TaxonomyClass, out var attackClass) && attackClass.Atlas.Count > 0)
        {
            notes.Add(CsafJson.Note("other", "MITRE ATLAS",
                $"{string.Join(", ", attackClass.Atlas)}: {attackClass.Name.En}. {attackClass.Description.En}"));
            foreach (var technique in attackClass.Atlas)
            {
                references.Add(CsafJson.Reference("external", $"MITRE ATLAS technique {technique}", new Uri($"https://atlas.mitre.org/techniques/{technique}")));
            }
        }

        if (TaxonomyCatalogue.Default.TryGet(TaxonomyKind.ComponentKind, @case.Component, out var component))
        {
            notes.Add(CsafJson.Note("other", "Affected AI component", $"{component.Name.En}: {component.Description.En}"));
        }

        var remediation = new JsonObject
        {
            ["category"] = publication.Remediation.Category switch
            {
                RemediationCategory.VendorFix => "vendor_fix",
                RemediationCategory.Mitigation => "mitigation",
                RemediationCategory.Workaround => "workaround",
                RemediationCategory.NoFixPlanned => "no_fix_planned",
                RemediationCategory.NoneAvailable => "none_available",
                _ => throw new ArgumentOutOfRangeException(nameof(publication), publication.Remediation.Category, "Unknown remediation category."),
            },
            ["details"] = Required(publication.Remediation.Details, "remediation"),
            ["product_ids"] = new JsonArray(ProductId),
        };
        CsafJson.AddIfPresent(remediation, "url", publication.Remediation.Url?.AbsoluteUri);

        var vulnerability = new JsonObject
        {
            // The federation case id is the global id every party of the case knows it by: a tracking id.
            ["ids"] = new JsonArray(new JsonObject { ["system_name"] = "Federation case id", ["text"] = @case.CaseId }),
            ["notes"] = notes,
            ["product_status"] = new JsonObject { ["known_affected"] = new JsonArray(ProductId) },
            ["release_date"] = CsafJson.Date(publication.PublishedAt),
            ["remediations"] = new JsonArray(remediation),
            ["title"] = @case.Title,
        };
        if (references.Count > 0)
        {
            vulnerability["references"] = references;
        }

        if (CweForAttackClass.For(@case.TaxonomyClass) is { } cwe)
        {
            vulnerability["cwe"] = new JsonObject { ["id"] = cwe.Id, ["name"] = cwe.Name };
        }

        // The reporter is named only with their consent (AdvisoryCase checks it), and only by name: the contact never leaves.
        if (!string.IsNullOrWhiteSpace(@case.CreditedReporter))
        {
            vulnerability["acknowledgments"] = new JsonArray(new JsonObject
            {
                ["names"] = new JsonArray(@case.CreditedReporter.Trim()),
                ["summary"] = "reported the vulnerability",
            });
        }

        return vulnerability;
    }

    private static string Synopsis(AdvisoryCase @case) => Required(@case.Synopsis, "synopsis");

    private static JsonObject Branch(string category, string name, JsonObject child) => new()
    {
        ["category"] = category,
        ["name"] = name,
        [child.ContainsKey("product_id") ? "product" : "branches"] = child.ContainsKey("product_id") ? child : new JsonArray(child),
    };

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new FederationException(ErrorCode.FailedPrecondition, $"An advisory needs the case's '{field}'; it is empty.", field)
            : value.Trim();
}
