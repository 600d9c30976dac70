namespace Federation.Node.Public.Dashboard;

/// <summary>
/// What a dashboard request does before the first snapshot exists: it waits a little (a node just started builds
/// one within a second or two), then answers 503 with Retry-After instead of holding the connection open.
/// </summary>
public static class DashboardUnavailable
{
    /// <summary>How long a request waits for the first snapshot.</summary>
    public static readonly TimeSpan FirstSnapshotWait = TimeSpan.FromSeconds(5);

    /// <summary>Seconds a client is told to wait before asking again.</summary>
    public const string RetryAfterSeconds = "5";

    public static void SetRetryAfter(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = RetryAfterSeconds;
    }
}
