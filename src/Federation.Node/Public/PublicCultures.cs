using System.Globalization;

namespace Federation.Node.Public;

/// <summary>
/// The languages the public pages speak. Every public route starts with one of them (<c>/{lang}/…</c>), so a link
/// always names its language and a page never changes language behind the reader's back.
/// </summary>
public static class PublicCultures
{
    public const string Default = "en";

    /// <summary>The route value (and the route constraint's name) that carries the language.</summary>
    public const string RouteKey = "lang";

    public static readonly IReadOnlyList<string> All = ["en", "fr", "de", "es", "ja", "ar"];

    public static bool IsSupported(string? language) => language is not null && All.Contains(language, StringComparer.Ordinal);

    public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language);

    public static bool IsRightToLeft(string language) => Culture(language).TextInfo.IsRightToLeft;

    /// <summary>The language's own name for itself, for the language switcher (a reader looks for their own word).</summary>
    public static string NativeName(string language)
    {
        var name = Culture(language).NativeName;
        return language == "ar" ? name : char.ToUpper(name[0], Culture(language)) + name[1..];
    }

    /// <summary>The first supported language of an Accept-Language header, by quality; the default when none matches.</summary>
    public static string FromAcceptLanguage(IEnumerable<Microsoft.Net.Http.Headers.StringWithQualityHeaderValue> accepted)
    {
        foreach (var value in accepted.OrderByDescending(v => v.Quality ?? 1.0))
        {
            var tag = value.Value.Value;
            if (string.IsNullOrEmpty(tag))
            {
                continue;
            }

            var primary = tag.Split('-', 2)[0].ToLowerInvariant();
            if (IsSupported(primary))
            {
                return primary;
            }
        }

        return Default;
    }
}
