using Federation.Core.Taxonomy;
using Federation.Node.Public.Resources;
using Microsoft.Extensions.Localization;

namespace Federation.Node.Public.Pages.Intake;

/// <summary>
/// Catalogue entries for the pick lists, named in the page's language: German, Spanish, Japanese and Arabic names
/// come from IntakeText; English and French from the catalogue, which carries those two.
/// </summary>
public static class TaxonomyNames
{
    public static IEnumerable<(string Id, string Name)> Of(IReadOnlyList<TaxonomyEntry> entries, string prefix, string language, IStringLocalizer<IntakeText> text) =>
        entries.Select(e =>
        {
            var translated = text[$"{prefix}_{e.Id}"];
            return (e.Id, translated.ResourceNotFound || language is "en" or "fr" ? e.Name.Get(language) : translated.Value);
        });
}
