using System.Threading.RateLimiting;
using Federation.Node.Hosting;
using Federation.Node.Public.Dashboard;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;

namespace Federation.Node.Public;

/// <summary>
/// The public listener's wiring: Razor Pages in six languages, static files, security headers, rate limits and
/// antiforgery. Each area (intake, dashboard, CSAF provider) adds one line here for its own endpoints.
/// </summary>
public static class PublicEndpoints
{
    public const string StaticRequestPath = "/static";

    public static IServiceCollection AddFederationPublic(this IServiceCollection services)
    {
        services.AddLocalization();
        // Razor encodes everything outside Basic Latin as entities by default: Japanese and Arabic pages would be
        // several times their size and unreadable as source. Markup-significant characters are still encoded.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RouteOptions>(o => o.ConstraintMap[PublicLanguageConstraint.Name] = typeof(PublicLanguageConstraint));
        services.AddRazorPages(o => o.RootDirectory = "/Public/Pages");
        services.AddAntiforgery(o =>
        {
            // __Host- cookies are sent only over HTTPS, to this host, for the whole path: they cannot be planted by a sibling domain.
            o.Cookie.Name = "__Host-federation-af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/";
            o.FormFieldName = "__af";
        });
        services.AddRateLimiter(o =>
        {
            // Areas add their own named policies (per remote address); a refused caller is told when to come back.
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
        });
        // Antiforgery tokens are protected by keys kept in the node's data folder: each node has its own, and
        // they survive a restart, so a form loaded before a restart can still be sent after it.
        // They protect antiforgery tokens only (nothing of a case), so they are kept as plain files beside the store,
        // which the operating system already guards: said explicitly, so the framework does not warn at every start.
        services.AddOptions<KeyManagementOptions>().Configure<NodeRuntime, ILoggerFactory>((o, runtime, loggers) =>
        {
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(runtime.DataDirectory, "data-protection")), loggers);
            o.XmlEncryptor = new Microsoft.AspNetCore.DataProtection.XmlEncryption.NullXmlEncryptor();
        });
        services.AddSingleton<PublicSite>();
        return services;
    }

    public static WebApplication MapFederationPublic(this WebApplication app)
    {
        var runtime = app.Services.GetRequiredService<NodeRuntime>();
        app.UseWhen(Listener.IsPublic, branch =>
        {
            // First: whatever fails below (pages, endpoints, static files) is answered by a fixed page, never the
            // developer exception page, whatever ASPNETCORE_ENVIRONMENT says.
            branch.UsePublicErrorHandler();
            branch.UseMiddleware<SecurityHeadersMiddleware>();
            branch.Use((context, next) =>
            {
                // Kestrel's own limit is for the whole server; the public face takes much less than an operator may.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = runtime.Public.MaxRequestBodyBytes;
                }

                return next(context);
            });
            branch.UseRequestLocalization(LocalizationOptions());
            branch.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "Public", "Static")),
                RequestPath = StaticRequestPath,
            });
        });
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapDashboard();
        Intake.IntakeEndpoints.MapFederationIntake(app);
        Csaf.CsafProviderEndpoints.MapCsafProvider(app);
        // The bare address sends a reader to the pages in their language.
        app.MapGet("/", (HttpContext context) =>
        {
            // The answer depends on Accept-Language: a shared cache must not give one reader's language to the next.
            context.Response.Headers.Vary = "Accept-Language";
            return Results.Redirect($"/{PublicCultures.FromAcceptLanguage(context.Request.GetTypedHeaders().AcceptLanguage)}/");
        });
        return app;
    }

    private static RequestLocalizationOptions LocalizationOptions()
    {
        var cultures = PublicCultures.All.Select(PublicCultures.Culture).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(PublicCultures.Default),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
        };
        // The language is the first path segment and nothing else: no cookie or header changes what a link shows.
        options.RequestCultureProviders = [new CustomRequestCultureProvider(context =>
        {
            var path = context.Request.Path.Value ?? string.Empty;
            var segment = path.Length > 1 ? path[1..].Split('/', 2)[0] : string.Empty;
            return Task.FromResult(PublicCultures.IsSupported(segment) ? new ProviderCultureResult(segment) : null);
        })];
        return options;
    }
}
