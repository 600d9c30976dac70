using Microsoft.AspNetCore.Mvc.Filters;

namespace Federation.Node.Public.Dashboard;

/// <summary>
/// Around a page's rendering (a result filter, so it sees whether the render threw): when the handler asked for it
/// with <see cref="Request"/>, the rendered bytes are captured and handed to the handler's callback only if whole.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class KeepRenderedPageAttribute : Attribute, IAsyncResultFilter
{
    private static readonly object Key = new();

    /// <summary>Called by the handler: capture this response (up to <paramref name="limit"/> bytes) and give it to <paramref name="keep"/>.</summary>
    public static void Request(HttpContext http, int limit, Action<byte[]> keep)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Items[Key] = (limit, keep);
    }

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HttpContext.Items[Key] is not (int limit, Action<byte[]> keep))
        {
            await next();
            return;
        }

        using var capture = RenderedPageCapture.Start(context.HttpContext, limit);
        var executed = await next();
        if (capture.Finish(executed.Exception) is { } page)
        {
            keep(page);
        }
    }
}
