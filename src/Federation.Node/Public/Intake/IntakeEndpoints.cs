using Federation.Core;
using Federation.Core.Intake;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Intake;

/// <summary>
/// The intake for tools, on the public listener: POST /api/v1/reports (201 with the receipt token, once),
/// POST /api/v1/reports/status and POST /api/v1/reports/messages with the token in the body; and
/// /.well-known/security.txt. Thin: each reads its body, calls <see cref="IntakeService"/> and maps the answer.
/// </summary>
public static class IntakeEndpoints
{
    private const long TokenBodyLimit = 64 * 1024;

    public static IEndpointRouteBuilder MapFederationIntake(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports").RequireRateLimiting(IntakeRateLimit.PolicyName).DisableAntiforgery();
        api.MapPost("", SubmitAsync);
        api.MapPost("/status", StatusAsync);
        api.MapPost("/messages", MessageAsync);
        app.MapGet("/.well-known/security.txt", SecurityTxt.Write);
        return app;
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext context, IntakeService intake, IntakeBatcher batcher, IOptions<IntakeOptions> options, CancellationToken cancellationToken)
    {
        var (request, error) = await IntakeBody.ReadAsync<IntakeReportRequest>(context, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (request is null)
        {
            return error!;
        }

        try
        {
            var receipt = await batcher.CommitAsync(intake.Prepare(IntakeJson.ToDomain(request), "api"));
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new
            {
                case_id = receipt.CaseId,
                receipt_token = receipt.Token,
                received_at = receipt.ReceivedAt,
                notice = "Keep this token: it is shown once and is the only way to follow the report. The node stores only its hash.",
            }, IntakeJson.Options, statusCode: StatusCodes.Status201Created);
        }
        catch (FederationException ex)
        {
            return IntakeProblem.From(ex);
        }
    }

    private static async Task<IResult> StatusAsync(HttpContext context, IntakeService intake, CancellationToken cancellationToken)
    {
        var (request, error) = await IntakeBody.ReadAsync<IntakeTokenRequest>(context, TokenBodyLimit, cancellationToken);
        if (request is null)
        {
            return error!;
        }

        try
        {
            var view = await intake.StatusAsync(request.Token, cancellationToken);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(IntakeJson.ToJson(view), IntakeJson.Options);
        }
        catch (FederationException ex)
        {
            return IntakeProblem.From(ex);
        }
    }

    private static async Task<IResult> MessageAsync(HttpContext context, IntakeService intake, CancellationToken cancellationToken)
    {
        var (request, error) = await IntakeBody.ReadAsync<IntakeTokenRequest>(context, TokenBodyLimit, cancellationToken);
        if (request is null)
        {
            return error!;
        }

        try
        {
            var message = await intake.PostReporterMessageAsync(request.Token, request.Text, request.Language, cancellationToken);
            return Results.Json(IntakeJson.ToJson(message), IntakeJson.Options, statusCode: StatusCodes.Status201Created);
        }
        catch (FederationException ex)
        {
            return IntakeProblem.From(ex);
        }
    }
}
