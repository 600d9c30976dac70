using System.Globalization;
using Federation.Core.Dashboard;
using Federation.Core.Publication;
using Federation.Core.Severity;
using Federation.Core.Taxonomy;
using Federation.Node.Public.Resources;
using Microsoft.Extensions.Localization;

namespace Federation.Node.Public.Dashboard;

/// <summary>
/// Numbers, dates and names on the dashboard pages, in the page's language. Dates are UTC and Gregorian in every
/// language (a culture whose default calendar is another one, e.g. Um al-Qura, gets its Gregorian calendar), so a
/// date reads the same as in the JSON feed and the CSAF document.
/// </summary>
public sealed class DashboardFormat
{
    private readonly IStringLocalizer<DashboardText> _text;

    public DashboardFormat(string language, IStringLocalizer<DashboardText> text)
    {
        Language = language;
        _text = text;
        var culture = (CultureInfo)PublicCultures.Culture(language).Clone();
        if (culture.DateTimeFormat.Calendar is not GregorianCalendar
            && culture.OptionalCalendars.OfType<GregorianCalendar>().FirstOrDefault() is { } gregorian)
        {
            culture.DateTimeFormat.Calendar = gregorian;
        }

        Culture = culture;
    }

    public string Language { get; }

    public CultureInfo Culture { get; }

    public string Number(int value) => value.ToString("N0", Culture);

    public string Decimal(double value) => value.ToString("N1", Culture);

    public string Percent(double share) => share.ToString("P0", Culture);

    public string Date(DateTimeOffset instant) => instant.UtcDateTime.ToString("d", Culture);

    public string DateTime(DateTimeOffset instant) => instant.UtcDateTime.ToString("g", Culture) + " UTC";

    /// <summary>The value of a &lt;time datetime&gt; attribute: ISO 8601 UTC.</summary>
    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public string Bucket(CountBucket bucket) => bucket.IsBelowMinimum
        ? _text["BucketFewer", Number(CountBucket.Minimum)]
        : _text["BucketRange", Number(bucket.Lower), Number(bucket.Upper)];

    public string Remediation(RemediationCategory category) => _text[$"Remediation{category}"];

    public string Rating(CvssRating rating) => _text[$"Rating{rating}"];

    public string Score(CvssScore score) => ((double)score.Value).ToString("0.0", Culture);

    public string Regime(DeadlineFigures regime) => regime.Kind == DeadlineRegimeKind.Cra ? _text["RegimeCra"] : _text["RegimeTreaty", regime.Regime];

    /// <summary>The catalogue's name: French where it has one, English otherwise (the catalogue holds those two).</summary>
    public string? Taxonomy(TaxonomyKind kind, string? id) =>
        id is not null && TaxonomyCatalogue.Default.TryGet(kind, id, out var entry) ? entry.Name.Get(Language) : null;

    public string Quarter(QuarterCount quarter) => _text["QuarterLabel", quarter.Year.ToString("D4", CultureInfo.InvariantCulture), quarter.Quarter.ToString(Culture)];
}
