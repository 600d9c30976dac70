namespace Federation.Node.Hosting;

/// <summary>
/// Runs a background service's iterations so that an unexpected exception never ends the loop, nor
/// (with the host's StopHost behaviour) the node: it is logged with the loop's name and how many
/// iterations failed in a row, and the loop goes on after a short backoff that doubles while the
/// failures repeat, up to a cap. Only the host stopping ends it.
/// </summary>
public static partial class ResilientLoop
{
    /// <summary>Runs <paramref name="iteration"/> (one pass, its own wait included) until <paramref name="stoppingToken"/> fires.</summary>
    public static async Task RunAsync(
        string loop, Func<CancellationToken, Task> iteration, TimeSpan initialBackoff, TimeSpan maxBackoff,
        TimeProvider timeProvider, ILogger logger, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await iteration(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                // The host disposed its services without stopping the loop first (it failed to start, e.g. a
                // port in use): there is nothing left to run with, and no failure to report.
                return;
            }
            catch (Exception ex)
            {
                // Anything else, a cancellation that was not the host's included (a timeout inside a step).
                failures++;
                var delay = Backoff(initialBackoff, maxBackoff, failures);
                LogIterationFailed(logger, ex, loop, failures, delay);
                try
                {
                    await Task.Delay(delay, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>initial, 2×initial, 4×initial … never more than max.</summary>
    public static TimeSpan Backoff(TimeSpan initial, TimeSpan max, int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var ticks = Math.Min(initial.Ticks * factor, max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Error,
        Message = "Background loop {Loop} failed ({Failures} in a row); it goes on in {Backoff}")]
    private static partial void LogIterationFailed(ILogger logger, Exception exception, string loop, int failures, TimeSpan backoff);
}
