using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Federation.Node.Public.Intake;

/// <summary>
/// Reads an intake API body under a size cap: a declared length over it is answered 413 before a byte is read,
/// a body that grows past it while streaming is cut off by Kestrel (also 413), malformed JSON is 400 naming where.
/// </summary>
internal static class IntakeBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, long limit, CancellationToken cancellationToken)
        where T : class
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        if (!context.Request.HasJsonContentType())
        {
            return (null, IntakeProblem.Result(StatusCodes.Status415UnsupportedMediaType, "Send the body as application/json."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, IntakeJson.Options, cancellationToken);
            return value is null
                ? (null, IntakeProblem.Result(StatusCodes.Status400BadRequest, "The body is empty; send a JSON object."))
                : (value, null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limit));
        }
        catch (JsonException ex)
        {
            // The path names the member ($.consent.share_summary); the message is the serializer's, about shape only.
            var field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            return (null, IntakeProblem.Result(StatusCodes.Status400BadRequest,
                field is null ? "The body is not valid JSON for this endpoint." : $"'{field}' is not valid here: check its name and type.", field));
        }
    }

    private static IResult TooLarge(long limit) => IntakeProblem.Result(StatusCodes.Status413PayloadTooLarge,
        $"The request is larger than {limit / 1024} KiB; shorten the texts or attach fewer or smaller files. Nothing was stored.");
}
