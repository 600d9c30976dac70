using System.Collections.Concurrent;
using Federation.Core.Identity;
using Federation.Node.Options;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Federation.Node.Peers;

/// <summary>
/// How many envelopes each partner takes in one call: what its handshake said (federation.v2 or v3 and its
/// <c>max_envelopes_per_call</c>; v3 also takes them under one signature), or 1 (federation.v1, Deliver) for a partner that did not offer batches, could not be
/// asked, or refused a batch as a node from before them does. Asked once per partner and
/// <see cref="OutboxOptions.ProtocolRecheckInterval"/>, by one caller at a time, so a batch of deliveries never turns
/// into a burst of handshakes; a partner that cannot be reached is asked again after 5 seconds at most.
/// </summary>
public sealed partial class PartnerProtocols(PeerClient client, IOptions<OutboxOptions> options, TimeProvider timeProvider, ILogger<PartnerProtocols> logger)
{
    // A partner not reachable yet (not configured, down, not trusting us): a handshake is one cheap call, and until it
    // answers, its messages go one a call, so it is asked again soon.
    private static readonly TimeSpan UnreachableRecheck = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A delivery to <paramref name="partner"/> went through: if it could not be asked before (down, or not trusting us
    /// yet, as at a federation's start), it is asked again at the next batch rather than a minute later.
    /// </summary>
    public void NoteReachable(JurisdictionCode partner)
    {
        if (_known.TryGetValue(partner.Value, out var known) && known.Unasked)
        {
            _known.TryRemove(KeyValuePair.Create(partner.Value, known));
        }
    }

    private readonly ConcurrentDictionary<string, Known> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _asking = new(StringComparer.Ordinal);

    /// <summary>Envelopes to put in one call to <paramref name="partner"/>: at least 1, at most our own <see cref="OutboxOptions.EnvelopesPerCall"/>.</summary>
    public async ValueTask<int> EnvelopesPerCallAsync(JurisdictionCode partner, CancellationToken cancellationToken) =>
        (await CallShapeAsync(partner, cancellationToken)).Envelopes;

    /// <summary>
    /// How to cut calls to <paramref name="partner"/>: envelopes a call (as <see cref="EnvelopesPerCallAsync"/>) and the
    /// bytes of envelopes a call may carry, half the largest message the partner said it takes (0 when it did not say),
    /// and whether its envelopes may share one signature (the partner chose federation.v3 and <see cref="OutboxOptions.SealBatches"/>).
    /// </summary>
    public async ValueTask<(int Envelopes, int PartnerMaxBytes, bool SealTogether)> CallShapeAsync(JurisdictionCode partner, CancellationToken cancellationToken)
    {
        var ours = options.Value.EnvelopesPerCall;
        if (ours <= 1)
        {
            return (1, 0, false);
        }

        if (Fresh(partner) is { } known)
        {
            return Shape(ours, known);
        }

        var gate = _asking.GetOrAdd(partner.Value, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var learned = Fresh(partner) ?? await AskAsync(partner, cancellationToken);
            return Shape(ours, learned);
        }
        finally
        {
            gate.Release();
        }
    }

    private (int Envelopes, int PartnerMaxBytes, bool SealTogether) Shape(int ours, Known known)
    {
        var perCall = Math.Min(ours, known.PerCall);
        return (perCall, known.MaxBytes, perCall > 1 && known.BatchSeals && options.Value.SealBatches);
    }

    /// <summary>The partner refused a batch as an older node would (UNIMPLEMENTED, or not our version): one envelope a call until it is asked again.</summary>
    public void FallBack(JurisdictionCode partner, string why)
    {
        LogFellBack(logger, partner.Value, why);
        _known[partner.Value] = new Known(1, 0, false, timeProvider.GetUtcNow() + options.Value.ProtocolRecheckInterval, Unasked: false);
    }

    private Known? Fresh(JurisdictionCode partner) =>
        _known.TryGetValue(partner.Value, out var known) && timeProvider.GetUtcNow() < known.Until ? known : null;

    private async Task<Known> AskAsync(JurisdictionCode partner, CancellationToken cancellationToken)
    {
        int perCall;
        var maxBytes = 0;
        var batchSeals = false;
        TimeSpan keep;
        var unasked = false;
        try
        {
            var answer = await client.HandshakeAsync(partner, cancellationToken);
            batchSeals = answer.SelectedProtocolVersion == PeerClient.BatchSealProtocolVersion;
            perCall = answer.SelectedProtocolVersion is PeerClient.BatchProtocolVersion or PeerClient.BatchSealProtocolVersion
                ? Math.Clamp(answer.MaxEnvelopesPerCall, 1, PeerListenerOptions.EnvelopesPerCallLimit)
                : 1;
            maxBytes = Math.Max(0, answer.MaxMessageBytes);
            keep = options.Value.ProtocolRecheckInterval;
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException or IOException or InvalidOperationException or Core.FederationException
                                   && !cancellationToken.IsCancellationRequested)
        {
            // Down, or not trusting us yet: one envelope a call, as any partner takes, and ask again soon.
            perCall = 1;
            unasked = true;
            keep = options.Value.ProtocolRecheckInterval < UnreachableRecheck ? options.Value.ProtocolRecheckInterval : UnreachableRecheck;
            LogUnasked(logger, partner.Value, ex.Message);
        }

        var learned = new Known(perCall, maxBytes, batchSeals, timeProvider.GetUtcNow() + keep, unasked);
        _known[partner.Value] = learned;
        return learned;
    }

    /// <param name="PerCall">Envelopes a call.</param>
    /// <param name="MaxBytes">The largest message the partner takes; 0 when it did not say.</param>
    /// <param name="BatchSeals">It chose federation.v3: a call's envelopes may share one signature.</param>
    /// <param name="Until">When to ask again.</param>
    /// <param name="Unasked">The handshake failed: 1 is a guess, dropped at the first delivery that goes through.</param>
    private sealed record Known(int PerCall, int MaxBytes, bool BatchSeals, DateTimeOffset Until, bool Unasked);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "{Partner} takes one envelope a call from now on: {Why}")]
    private static partial void LogFellBack(ILogger logger, string partner, string why);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "Could not ask {Partner} which protocol it speaks ({Error}): one envelope a call for now")]
    private static partial void LogUnasked(ILogger logger, string partner, string error);
}
