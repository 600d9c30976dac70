using Federation.Core.Publication;
using Federation.Node.Hosting;

namespace Federation.Node.Public;

/// <summary>What the public pages say about the node that serves them: who publishes, and where the public reaches it.</summary>
public sealed class PublicSite(NodeRuntime runtime, AdvisoryPublisher publisher)
{
    public string PublisherName => publisher.Name;

    public string Jurisdiction => runtime.Node.Jurisdiction.Value;

    /// <summary>True on a node running on its development identity: the pages say so, so nobody mistakes it for an authority.</summary>
    public bool IsDevelopment => runtime.IsDevelopmentIdentity;

    /// <summary>
    /// The public base URL, ending in '/': the configured one (a proxy's, typically), else the address the request came to.
    /// Canonical links are built from it, never from a header a client could forge when one is configured.
    /// </summary>
    public Uri BaseUrl(HttpContext context)
    {
        if (!string.IsNullOrWhiteSpace(runtime.Public.BaseUrl))
        {
            var configured = runtime.Public.BaseUrl.Trim();
            return new Uri(configured.EndsWith('/') ? configured : configured + "/");
        }

        return new Uri($"{context.Request.Scheme}://{context.Request.Host}/");
    }
}
