using Federation.Core.Transparency;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Transparency;

/// <summary>
/// Signs a checkpoint of the log's head at start and then every <see cref="TransparencyOptions.CheckpointInterval"/>
/// when the log grew (<see cref="CheckpointSigner"/> refuses one that contradicts the last). A failed pass is tried
/// again at the next interval; the loop never ends for it.
/// </summary>
public sealed partial class CheckpointWorker(
    IServiceScopeFactory scopes, IOptions<TransparencyOptions> options, TimeProvider timeProvider, ILogger<CheckpointWorker> logger,
    Federation.Storage.Transparency.MerkleLogOffForBaseline? logOff = null) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A load tool's baseline pair writes no tree nodes, so its checkpoints could only fail (every pass, in its window).
        if (logOff is not null)
        {
            return Task.CompletedTask;
        }

        var interval = options.Value.CheckpointInterval;
        var started = false;
        return Hosting.ResilientLoop.RunAsync(nameof(CheckpointWorker), async cancellationToken =>
        {
            if (started)
            {
                await Task.Delay(interval, timeProvider, cancellationToken);
            }

            var outcome = await SignOnceAsync(force: !started, cancellationToken);
            started = true;
            if (outcome.Kind == CheckpointOutcomeKind.Signed)
            {
                LogSigned(logger, outcome.Checkpoint!.Size);
            }
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), timeProvider, logger, stoppingToken);
    }

    /// <summary>One pass, in a scope of its own (tests and the admin service call it too).</summary>
    public async Task<CheckpointOutcome> SignOnceAsync(bool force, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CheckpointSigner>().SignAsync(force, cancellationToken);
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Debug, Message = "Checkpoint signed at size {Size}")]
    private static partial void LogSigned(ILogger logger, long size);
}
