namespace Federation.Node.Public;

/// <summary>
/// What the public face answers when a request fails unexpectedly: a fixed page (problem+json under /api/), status
/// 500, in every environment. It sits first in the public branch, inside the developer exception page a Development
/// host adds, so a stack trace, a path or a query never reaches a stranger; the exception is logged by the handler.
/// </summary>
public static class PublicErrorHandler
{
    public const string Html =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title>" +
        "<link rel=\"stylesheet\" href=\"/static/site.css\"></head><body><main><h1>Something went wrong</h1>" +
        "<p>The node could not answer this request; nothing was stored. Try again later.</p></main></body></html>\n";

    public static IApplicationBuilder UsePublicErrorHandler(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteAsync });

    private static async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.Headers.CacheControl = "no-store";
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await Intake.IntakeProblem.Result(StatusCodes.Status500InternalServerError,
                "The node could not answer this request; nothing was stored. Try again later.").ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Html, context.RequestAborted);
    }
}
