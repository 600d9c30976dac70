using System.Globalization;
using System.Text;
using Federation.Core.Intake;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Intake;

/// <summary>
/// /.well-known/security.txt (RFC 9116): the authority's contact, the form (a second Contact, as the RFC allows
/// https URIs), the policy page, the six languages, Expires (required; now plus the configured lifetime, so a node
/// that keeps running never serves a stale file) and Canonical.
/// </summary>
internal static class SecurityTxt
{
    public static IResult Write(HttpContext context, IOptions<IntakeOptions> options, PublicSite site, TimeProvider timeProvider)
    {
        // The configured public URL when there is one: a forged Host header must not make Canonical point elsewhere.
        var origin = site.BaseUrl(context).ToString().TrimEnd('/');
        var expires = timeProvider.GetUtcNow().Add(options.Value.SecurityTxtLifetime);
        var text = new StringBuilder()
            .Append("Contact: ").Append(options.Value.Contact).Append('\n')
            .Append("Contact: ").Append(origin).Append("/en/report\n")
            .Append("Expires: ").Append(expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n')
            .Append("Policy: ").Append(origin).Append("/en/report#policy\n")
            .Append("Preferred-Languages: ").Append(string.Join(", ", IntakeLanguages.All)).Append('\n')
            .Append("Canonical: ").Append(origin).Append("/.well-known/security.txt\n")
            .ToString();
        return Results.Text(text, "text/plain; charset=utf-8", Encoding.UTF8);
    }
}
