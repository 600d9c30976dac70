using Federation.Core;
using Federation.Core.Intake;
using Federation.Node.Public.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Federation.Node.Public.Pages.Intake;

/// <summary>
/// /{lang}/report/status: the token is posted in the body (never a query string, which lands in logs and history),
/// and the answer shows that report only. A wrong token reads exactly like an unknown one.
/// </summary>
[EnableRateLimiting(Public.Intake.IntakeRateLimit.PolicyName)]
public sealed class StatusModel(IntakeService intake, IStringLocalizer<IntakeText> text) : PageModel
{
    [BindProperty]
    public string? Token { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    public string Lang { get; private set; } = PublicCultures.Default;

    public IntakeStatusView? View { get; private set; }

    public string? Error { get; private set; }

    public bool Sent { get; private set; }

    public void OnGet() => Lang = RouteData.Values[PublicCultures.RouteKey] as string ?? PublicCultures.Default;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        OnGet();
        Response.Headers.CacheControl = "no-store";
        await ShowAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostMessageAsync(CancellationToken cancellationToken)
    {
        OnGet();
        Response.Headers.CacheControl = "no-store";
        try
        {
            await intake.PostReporterMessageAsync(Token, Message, Lang, cancellationToken);
            Sent = true;
            Message = null;
        }
        // The reporter's own limits (the text, the thread's size: a field named); a full store names none and is the node's.
        catch (FederationException ex) when (ex.Code is ErrorCode.InvalidArgument || (ex.Code is ErrorCode.ResourceExhausted && ex.Field is not null))
        {
            Error = ex.Field == "text" && Message?.Trim().Length > IntakeLimits.Message
                ? text["ErrorTooLong", text["MessageLabel"], Message.Trim().Length, IntakeLimits.Message]
                : text["ErrorOther", text["MessageLabel"], ex.Message];
        }
        catch (FederationException ex) when (ex.Code == ErrorCode.NotFound)
        {
            Error = text["StatusNotFound"];
            return Page();
        }
        catch (FederationException)
        {
            // A full or busy store: the message typed stays in the box, and the reporter is told nothing was stored.
            Error = text["ErrorNodeUnavailable"];
        }

        await ShowAsync(cancellationToken);
        return Page();
    }

    private async Task ShowAsync(CancellationToken cancellationToken)
    {
        try
        {
            View = await intake.StatusAsync(Token, cancellationToken);
        }
        catch (FederationException ex) when (ex.Code == ErrorCode.NotFound)
        {
            Error = text["StatusNotFound"];
        }
        catch (FederationException)
        {
            Error ??= text["ErrorNodeUnavailable"];
        }
    }
}
