namespace Federation.Node.Public.Dashboard;

/// <summary>
/// Captures a page's response body while it renders, and gives the bytes up for caching only if the render finished
/// without an exception, the request was not aborted and every byte was written: a page that failed half-way (after
/// its first flush the status is already 200) or went to a client that left is sent as it is, never kept.
/// </summary>
public sealed class RenderedPageCapture : IDisposable
{
    private readonly HttpContext _http;
    private readonly Stream _body;
    private readonly CapturingStream _capture;

    private RenderedPageCapture(HttpContext http, int limit)
    {
        _http = http;
        _body = http.Response.Body;
        _capture = new CapturingStream(_body, limit);
        http.Response.Body = _capture;
    }

    public static RenderedPageCapture Start(HttpContext http, int limit)
    {
        ArgumentNullException.ThrowIfNull(http);
        return new RenderedPageCapture(http, limit);
    }

    /// <summary>
    /// Puts the response body back; the page if it may be kept. <paramref name="error"/> is what the render threw,
    /// if anything (the view writer has flushed into the capture once the render returns).
    /// </summary>
    public byte[]? Finish(Exception? error)
    {
        _http.Response.Body = _body;
        return error is null && _capture.Complete && HttpMethods.IsGet(_http.Request.Method)
            && _http.Response.StatusCode == StatusCodes.Status200OK && !_http.RequestAborted.IsCancellationRequested
            ? _capture.ToArray()
            : null;
    }

    public void Dispose()
    {
        _http.Response.Body = _body;
        _capture.Dispose();
    }
}
