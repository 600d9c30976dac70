using System.Globalization;
using Federation.Core.Cases;
using Federation.Core.Severity;
using Federation.Core.Taxonomy;
using Federation.Core.Treaties;

namespace Federation.Core.Sharing;

/// <summary>
/// The facts a treaty's scope filters on (sector, attack class, CVSS score), read from a case at the
/// sender or from a summary's visible fields at the receiver. Null means "not known here".
/// </summary>
internal sealed record ScopeFacts(string? Sector, string? TaxonomyClass, int? SeverityTenths)
{
    public static ScopeFacts Of(Case @case) => new(@case.Sector, ResolveClass(@case.TaxonomyClass), @case.CvssScoreTenths);

    public static ScopeFacts Of(CaseSummary summary)
    {
        string? Field(string name) => summary.Fields.FirstOrDefault(f => f.Key == name).Value;
        return new(Field("sector"), ResolveClass(Field("taxonomy_class")), SeverityOf(Field("severity")));
    }

    /// <summary>
    /// The first filter of <paramref name="scope"/> these facts fail, in words; null when they pass.
    /// A fact not known here fails its filter (nobody may assume a case is in scope without knowing),
    /// unless <paramref name="unknownPasses"/>: the receiver asking only "is this visibly contradicted?".
    /// </summary>
    public string? FirstMiss(TreatyScope scope, bool unknownPasses)
    {
        if (scope.Sectors.Count > 0 && (Sector is null ? !unknownPasses : !scope.Sectors.Contains(Sector)))
        {
            return Sector is null ? "the sector is not known" : $"sector {Sector} is not covered";
        }

        if (scope.TaxonomyClasses.Count > 0 && (TaxonomyClass is null ? !unknownPasses : !scope.TaxonomyClasses.Contains(TaxonomyClass)))
        {
            return TaxonomyClass is null ? "the taxonomy class is not known" : $"taxonomy class {TaxonomyClass} is not covered";
        }

        if (scope.MinSeverityTenths is { } min && (SeverityTenths is null ? !unknownPasses : SeverityTenths < min))
        {
            var threshold = (min / 10m).ToString("0.0", CultureInfo.InvariantCulture);
            return SeverityTenths is null
                ? $"no CVSS v4.0 score is known (the treaty covers {threshold} and above)"
                : $"CVSS {(SeverityTenths.Value / 10m).ToString("0.0", CultureInfo.InvariantCulture)} is below {threshold}";
        }

        return null;
    }

    private static string? ResolveClass(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : TaxonomyCatalogue.Default.TryResolveAttackClass(text, out var entry) ? entry.Id
        : text.Trim();

    /// <summary>
    /// The CVSS v4.0 score of a summary's severity field. The field holds the vector itself (the wire
    /// carries it with its score, which the receiver's mapping checked against this same computation),
    /// so the score is computed from data, never read out of display text.
    /// </summary>
    private static int? SeverityOf(string? vector) =>
        vector is not null && CvssV4Vector.TryParse(vector.AsSpan(), out var parsed, out _) ? CvssV4Scorer.Score(parsed).Tenths : null;
}
