using Federation.Core.Dashboard;
using Federation.Node.Public.Dashboard;
using Federation.Node.Public.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Federation.Node.Public.Pages.Dashboard;

/// <summary>One published case on its own page. A case not published (or not yet) is an ordinary 404, like an unknown one.</summary>
public sealed class CaseModel(DashboardSnapshots snapshots, IStringLocalizer<DashboardText> text, TimeProvider timeProvider) : PageModel
{
    public DashboardCase Case { get; private set; } = null!;

    public DashboardFormat Format { get; private set; } = null!;

    public string Language { get; private set; } = PublicCultures.Default;

    public async Task<IActionResult> OnGetAsync(string lang, string id, CancellationToken cancellationToken)
    {
        Language = lang;
        if (await snapshots.TryGetAsync(DashboardUnavailable.FirstSnapshotWait, timeProvider, cancellationToken) is not { } snapshot)
        {
            DashboardUnavailable.SetRetryAfter(Response);
            return StatusCode(StatusCodes.Status503ServiceUnavailable, text["Unavailable"].Value);
        }

        if (snapshot.Find(id) is not { } found)
        {
            return NotFound();
        }

        Case = found;
        Format = new DashboardFormat(lang, text);
        return Page();
    }
}
