using Federation.Core;

namespace Federation.Node.Public.Intake;

/// <summary>
/// The one table from a domain error to an HTTP status for the intake API, answered as RFC 9457 problem+json with
/// the field named. Messages are the domain's: they name fields and limits, never the submitted text.
/// </summary>
public static class IntakeProblem
{
    public static int StatusOf(ErrorCode code) => code switch
    {
        ErrorCode.InvalidArgument => StatusCodes.Status400BadRequest,
        ErrorCode.NotFound => StatusCodes.Status404NotFound,
        ErrorCode.FailedPrecondition or ErrorCode.Conflict or ErrorCode.AlreadyExists => StatusCodes.Status409Conflict,
        ErrorCode.ResourceExhausted => StatusCodes.Status409Conflict,
        ErrorCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static IResult From(FederationException ex) => Result(StatusOf(ex.Code), StatusOf(ex.Code) >= 500
        ? "The node could not take the request now; nothing was stored. Try again later."
        : ex.Message, ex.Field, ex.Code.ToString());

    public static IResult Result(int status, string detail, string? field = null, string? reason = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (field is not null)
        {
            extensions["field"] = field;
        }

        if (reason is not null)
        {
            extensions["reason"] = reason;
        }

        return Results.Problem(detail: detail, statusCode: status, extensions: extensions);
    }
}
