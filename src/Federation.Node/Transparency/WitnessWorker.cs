using Federation.Core;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Options;
using Federation.Node.Peers;
using Federation.Transparency;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Federation.Node.Transparency;

/// <summary>
/// Every <see cref="TransparencyWitnessOptions.Interval"/>: fetch each partner's latest checkpoint, check the
/// certificate that signs it under the partner's pinned anchor, check the checkpoint against the last one kept
/// (<see cref="LogWitness"/>), and cosign it back when it holds. A partner that cannot be reached is tried at the next
/// pass; a fork stops the cosigning of that log until an operator looks.
/// </summary>
public sealed partial class WitnessWorker(
    PeerClient client, PeerDirectory directory, PartnerLogKeys logKeys, LogKeyring keys, LocalNode node,
    IServiceScopeFactory scopes, IOptions<TransparencyWitnessOptions> options, TimeProvider timeProvider, ILogger<WitnessWorker> logger,
    Federation.Storage.Transparency.MerkleLogOffForBaseline? logOff = null) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // A load tool's baseline pair keeps no tree: it has nothing to show its partner, nor a way to check one.
        if (!settings.Enabled || logOff is not null)
        {
            return Task.CompletedTask;
        }

        return Hosting.ResilientLoop.RunAsync(nameof(WitnessWorker), async cancellationToken =>
        {
            foreach (var partner in directory.Partners.OrderBy(p => p.Value, StringComparer.Ordinal).ToList())
            {
                if (directory.EndpointOf(partner) is not null)
                {
                    await WitnessQuietlyAsync(partner, cancellationToken);
                }
            }

            await Task.Delay(settings.Interval, timeProvider, cancellationToken);
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), timeProvider, logger, stoppingToken);
    }

    /// <summary>One exchange with one partner; what it found.</summary>
    public async Task<WitnessVerdict> WitnessAsync(JurisdictionCode partner, CancellationToken cancellationToken)
    {
        var response = await client.GetCheckpointAsync(partner, cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var witness = scope.ServiceProvider.GetRequiredService<LogWitness>();
        NoteKey partnerKey;
        try
        {
            partnerKey = logKeys.Learn(partner, response.LogCertificate.Span);
        }
        catch (FederationException ex)
        {
            return new WitnessVerdict(WitnessOutcome.Invalid, null, $"{partner}'s log certificate is not trusted: {BoundedText.Of(ex.Message, 200)}");
        }

        var verdict = await witness.ObserveAsync(partner, partnerKey, response.LogCertificate.ToByteArray(), response.Note, new PartnerLogClient(client, partner), cancellationToken);
        if (verdict is { MayCosign: true, Checkpoint: { } checkpoint } && !AlreadyCosigned(response.Note))
        {
            var cosignature = keys.Current.Cosign(checkpoint, timeProvider.GetUtcNow());
            await client.CosignAsync(partner, checkpoint.ToText(), FormatLine(cosignature), cancellationToken);
        }

        return verdict;
    }

    private bool AlreadyCosigned(string note)
    {
        var ours = AuditLogName.Of(node.Jurisdiction);
        return SignedNote.Parse(note).Signatures.Any(s => string.Equals(s.KeyName, ours, StringComparison.Ordinal));
    }

    private static string FormatLine(NoteSignature signature)
    {
        var formatted = new SignedNote("x\n", [signature]).Format();
        return formatted[(formatted.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
    }

    private async Task WitnessQuietlyAsync(JurisdictionCode partner, CancellationToken cancellationToken)
    {
        try
        {
            var verdict = await WitnessAsync(partner, cancellationToken);
            if (verdict.Outcome is WitnessOutcome.Invalid)
            {
                LogNotWitnessed(logger, partner.Value, verdict.Reason);
            }
            else if (verdict.Outcome is WitnessOutcome.Fork)
            {
                // Said at every pass (once an interval) until an operator clears it, not only when it was found.
                LogStillForked(logger, partner.Value, verdict.Reason);
            }
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            LogNotWitnessed(logger, partner.Value, BoundedText.Of($"{ex.StatusCode}: {ex.Status.Detail}", BoundedText.StatusMessage));
        }
        catch (Exception ex) when (ex is FederationException or HttpRequestException or IOException or TimeoutException or FormatException)
        {
            LogNotWitnessed(logger, partner.Value, BoundedText.Of(ex.Message, BoundedText.StatusMessage));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Partner}'s transparency log is forked and not cosigned: {Reason}")]
    private static partial void LogStillForked(ILogger logger, string partner, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not witness {Partner}'s transparency log this time: {Reason}")]
    private static partial void LogNotWitnessed(ILogger logger, string partner, string reason);
}
