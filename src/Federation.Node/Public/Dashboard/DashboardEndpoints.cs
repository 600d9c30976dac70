using System.Globalization;
using Federation.Core.Dashboard;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Dashboard;

/// <summary>The dashboard's JSON feed on the public listener: <c>GET /api/v1/dashboard.json?page=N</c>.</summary>
public static class DashboardEndpoints
{
    public const string FeedPath = "/api/v1/dashboard.json";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(FeedPath, GetFeedAsync);
        return endpoints;
    }

    /// <summary>
    /// Reads the page number as the page does (the dashboard page reads it the same way): absent is 1; anything but
    /// a whole number from 1 up is refused with 400, a page past the last with 404.
    /// </summary>
    public static bool TryReadPage(string? text, out int page)
    {
        page = 1;
        return string.IsNullOrEmpty(text)
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page >= 1);
    }

    private static async Task<IResult> GetFeedAsync(
        HttpContext context, DashboardSnapshots snapshots, DashboardFeedCache cache, IOptions<DashboardOptions> options, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        if (!TryReadPage(context.Request.Query["page"], out var number))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid page",
                detail: "'page' must be a whole number from 1 up.");
        }

        if (await snapshots.TryGetAsync(DashboardUnavailable.FirstSnapshotWait, timeProvider, cancellationToken) is not { } snapshot)
        {
            DashboardUnavailable.SetRetryAfter(context.Response);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Dashboard not ready",
                detail: "The dashboard's first snapshot is still being built; try again shortly.");
        }

        var size = options.Value.PageSize;
        if (number > 1 && (long)(number - 1) * size >= snapshot.Cases.Count)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such page",
                detail: $"The dashboard has {snapshot.Page(1, size).Pages} page(s) of published cases.");
        }

        // Public data that changes only with a rebuild: caches may keep it for a short while.
        context.Response.Headers.CacheControl = "public, max-age=5";
        return Results.Bytes(cache.Get(snapshot, number, size), DashboardFeed.ContentType);
    }
}
