using Federation.Core.Cases;
using Federation.Core.Taxonomy;
using Google.Protobuf.WellKnownTypes;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>Assessments, duplicate links and the taxonomy catalogue, for the node's own operators.</summary>
public static class RiskMapper
{
    public static Wire.Assessment ToWire(CaseAssessment assessment) =>
        ToWire(assessment.Severity, assessment.Author, assessment.AssessedAt, assessment.Revision);

    public static Wire.Assessment ToWire(CaseSeverity severity, string author, DateTimeOffset assessedAt, long revision) => new()
    {
        Cvss = SummaryMapper.ToWire(severity.CvssVector, severity.Score),
        Ssvc = severity.Ssvc is null ? null : SummaryMapper.ToWire(severity.Ssvc),
        Author = author,
        AssessedAt = Timestamp.FromDateTimeOffset(assessedAt),
        Revision = revision,
    };

    public static Wire.CaseLink ToWire(CaseLink link) => new()
    {
        FederationCaseId = link.LocalCaseId,
        PartnerCaseId = link.PartnerCaseId,
        Partner = link.Partner,
        TreatyId = link.TreatyId,
        LinkedAt = Timestamp.FromDateTimeOffset(link.LinkedAt),
    };

    public static Wire.Taxonomy ToWire(TaxonomyCatalogue catalogue, string? language)
    {
        var lang = string.Equals(language?.Trim(), "fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";
        if (!string.IsNullOrWhiteSpace(language) && lang == "en" && !string.Equals(language.Trim(), "en", StringComparison.OrdinalIgnoreCase))
        {
            throw new Federation.Core.FederationException(Federation.Core.ErrorCode.InvalidArgument,
                $"The catalogue is in 'en' and 'fr', not '{language.Trim()}'.", "language");
        }

        var response = new Wire.Taxonomy { CatalogueVersion = catalogue.Version, Language = lang };
        response.AttackClasses.AddRange(catalogue.AttackClasses.Select(e => ToWire(e, lang)));
        response.ComponentKinds.AddRange(catalogue.ComponentKinds.Select(e => ToWire(e, lang)));
        response.Sectors.AddRange(catalogue.Sectors.Select(e => ToWire(e, lang)));
        return response;
    }

    private static Wire.TaxonomyEntry ToWire(TaxonomyEntry entry, string language)
    {
        var wire = new Wire.TaxonomyEntry { Id = entry.Id, Name = entry.Name.Get(language), Description = entry.Description.Get(language) };
        wire.AtlasIds.AddRange(entry.Atlas);
        return wire;
    }
}
