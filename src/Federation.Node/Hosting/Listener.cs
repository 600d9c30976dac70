namespace Federation.Node.Hosting;

/// <summary>Which listener a connection came in on; set per connection by Kestrel connection middleware.</summary>
public static class Listener
{
    public const string ItemKey = "federation.listener";
    public const string Peer = "peer";
    public const string Admin = "admin";
    public const string Public = "public";

    public static bool IsPublic(HttpContext context) => Of(context) == Public;

    public static string? Of(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var value) == true
            ? value as string
            : null;
}
