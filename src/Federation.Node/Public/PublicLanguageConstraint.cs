namespace Federation.Node.Public;

/// <summary>
/// Route constraint <c>{lang:publiclang}</c>: only a supported language matches, so <c>/xx/report</c> is an ordinary 404
/// rather than a page in a language nobody translated.
/// </summary>
public sealed class PublicLanguageConstraint : IRouteConstraint
{
    public const string Name = "publiclang";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && PublicCultures.IsSupported(value as string);
}
