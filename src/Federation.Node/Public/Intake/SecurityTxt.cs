using System.Globalization;
using System.Text;
using Federation.Core.Intake;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Intake;

/// <summary>
/// /.well-known/security.txt (RFC 9116): the authority's contact, the form (a second Contact, as the RFC allows
/// https URIs), the policy page, the six languages, Expires (required; now plus the configured lifetime, so a node
/// that keeps running never serves a stale file), the CSAF provider metadata and Canonical.
/// </summary>
internal static class SecurityTxt
{
    public static IResult Write(HttpContext context, IOptions<IntakeOptions> options, PublicSite site, IntakePolicy policy, TimeProvider timeProvider)
    {
        // The form and policy in a language that has a statement: English when configured, else the first that is
        // (a node with only a French statement must not send researchers to an English page without a form).
        var lang = ReportLanguage(policy);
        // The configured public URL when there is one: a forged Host header must not make Canonical point elsewhere.
        var origin = site.BaseUrl(context).ToString().TrimEnd('/');
        var expires = timeProvider.GetUtcNow().Add(options.Value.SecurityTxtLifetime);
        var text = new StringBuilder()
            .Append("Contact: ").Append(options.Value.Contact).Append('\n')
            .Append("Contact: ").Append(origin).Append('/').Append(lang).Append("/report\n")
            .Append("Expires: ").Append(expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n')
            .Append("Policy: ").Append(origin).Append('/').Append(lang).Append("/report#policy\n")
            .Append("Preferred-Languages: ").Append(string.Join(", ", IntakeLanguages.All)).Append('\n')
            // CSAF 2.0 §7.1.8: where the node's advisories are published, for tools that start from security.txt.
            .Append("CSAF: ").Append(origin).Append("/.well-known/csaf/provider-metadata.json\n")
            .Append("Canonical: ").Append(origin).Append("/.well-known/security.txt\n")
            .ToString();
        return Results.Text(text, "text/plain; charset=utf-8", Encoding.UTF8);
    }

    public static string ReportLanguage(IntakePolicy policy) =>
        policy.For("en") is not null ? "en" : IntakeLanguages.All.First(l => policy.For(l) is not null);
}
