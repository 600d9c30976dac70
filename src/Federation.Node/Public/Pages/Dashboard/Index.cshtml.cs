using Federation.Core.Dashboard;
using Federation.Node.Public.Dashboard;
using Federation.Node.Public.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Pages.Dashboard;

/// <summary>The public dashboard: figures, charts and one page of published cases, read from the current snapshot.</summary>
/// <remarks>
/// A page is rendered once per snapshot, language and page number (<see cref="DashboardHtmlCache"/>): the first request
/// renders it and keeps the bytes it sends (only if it rendered whole, <see cref="RenderedPageCapture"/>), every later one
/// is answered with those bytes without rendering.
/// </remarks>
[KeepRenderedPage]
public sealed class IndexModel(
    DashboardSnapshots snapshots, DashboardHtmlCache pages, IOptions<DashboardOptions> options, IStringLocalizer<DashboardText> text,
    TimeProvider timeProvider) : PageModel
{
    /// <summary>A rendered page larger than this (a very long page size) is sent but not kept.</summary>
    private const int MaxCachedBytes = 2 * 1024 * 1024;

    public DashboardSnapshot Snapshot { get; private set; } = null!;

    public DashboardPage Cases { get; private set; } = null!;

    public DashboardFormat Format { get; private set; } = null!;

    public string Language { get; private set; } = PublicCultures.Default;

    public async Task<IActionResult> OnGetAsync(string lang, CancellationToken cancellationToken)
    {
        Language = lang;
        if (!DashboardEndpoints.TryReadPage(Request.Query["page"], out var number))
        {
            return BadRequest(text["InvalidPage"].Value);
        }

        if (await snapshots.TryGetAsync(DashboardUnavailable.FirstSnapshotWait, timeProvider, cancellationToken) is not { } snapshot)
        {
            DashboardUnavailable.SetRetryAfter(Response);
            return StatusCode(StatusCodes.Status503ServiceUnavailable, text["Unavailable"].Value);
        }

        Snapshot = snapshot;
        Cases = Snapshot.Page(number, options.Value.PageSize);
        if (number > Cases.Pages)
        {
            return NotFound();
        }

        var key = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (pages.TryGet(Snapshot, lang, key, out var html))
        {
            return File(html, "text/html; charset=utf-8");
        }

        Format = new DashboardFormat(lang, text);
        KeepRenderedPageAttribute.Request(HttpContext, MaxCachedBytes, bytes => pages.Add(snapshot, lang, key, bytes));
        return Page();
    }
}
