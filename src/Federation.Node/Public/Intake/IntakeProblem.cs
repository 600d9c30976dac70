using Federation.Core;

namespace Federation.Node.Public.Intake;

/// <summary>
/// The one table from a domain error to an HTTP status for the intake API, answered as RFC 9457 problem+json with
/// the field named. Messages are the domain's: they name fields and limits, never the submitted text.
/// </summary>
public static class IntakeProblem
{
    /// <summary>
    /// RESOURCE_EXHAUSTED has two causes told apart by the field: a limit of the reporter's (the message thread,
    /// field "text") is 429, theirs to wait out; the node's store being full (no field, <c>StoreErrors</c>) is 507.
    /// </summary>
    public static int StatusOf(FederationException ex) => ex.Code switch
    {
        ErrorCode.InvalidArgument => StatusCodes.Status400BadRequest,
        ErrorCode.NotFound => StatusCodes.Status404NotFound,
        ErrorCode.FailedPrecondition or ErrorCode.Conflict or ErrorCode.AlreadyExists => StatusCodes.Status409Conflict,
        ErrorCode.ResourceExhausted when ex.Field is not null => StatusCodes.Status429TooManyRequests,
        ErrorCode.ResourceExhausted => StatusCodes.Status507InsufficientStorage,
        ErrorCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static IResult From(FederationException ex) => Result(StatusOf(ex), StatusOf(ex) >= 500
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
