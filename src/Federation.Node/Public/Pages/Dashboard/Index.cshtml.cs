using Federation.Core.Dashboard;
using Federation.Node.Public.Dashboard;
using Federation.Node.Public.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Pages.Dashboard;

/// <summary>The public dashboard: figures, charts and one page of published cases, read from the current snapshot.</summary>
public sealed class IndexModel(DashboardSnapshots snapshots, IOptions<DashboardOptions> options, IStringLocalizer<DashboardText> text) : PageModel
{
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

        Snapshot = await snapshots.GetAsync(cancellationToken);
        Cases = Snapshot.Page(number, options.Value.PageSize);
        if (number > Cases.Pages)
        {
            return NotFound();
        }

        Format = new DashboardFormat(lang, text);
        return Page();
    }
}
