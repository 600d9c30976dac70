using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Core.Treaties;
using Federation.Node.Inbox;
using Federation.Node.Peers;
using Federation.Testing;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// Per-partner limits at FR's gate, on a real node: DE may have 2 calls in flight, KR 2 messages a second; JP keeps the
/// defaults. Past a limit the partner gets RESOURCE_EXHAUSTED with a RetryInfo, while the others are still admitted.
/// The clock is fake, so "a second" passes when the test says so.
/// </summary>
public sealed class PeerLimitTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestPki _pki = null!;
    private TestNode _fr = null!;
    private Treaty _treaty = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _pki = new TestPki(_folder.Combine("pki"));
        foreach (var j in new[] { "FR", "DE", "JP", "KR" })
        {
            _pki.Ca(j);
        }

        var yaml = TreatyFiles.Yaml("fr-de-jp", ["FR", "DE", "JP"]);
        TreatyFiles.Write(_folder.Combine("treaties"), "fr-de-jp.yaml", yaml);
        _treaty = TreatyParser.Parse(yaml, "fr-de-jp.yaml");
        _fr = await TestNode.StartAsync("FR", _pki, _folder.Path, ["DE", "JP", "KR"], _folder.Combine("treaties"), _clock,
            new Dictionary<string, string?>
            {
                ["Federation:Peer:Limits:Partners:DE:MaxCallsInFlight"] = "2",
                ["Federation:Peer:Limits:Partners:KR:MessagesPerSecond"] = "2",
                ["Federation:Peer:Limits:Partners:KR:Burst"] = "2",
                // One call at a time: a second refusal inside the told delay is then KR ignoring it, not another caller's first.
                ["Federation:Peer:Limits:Partners:KR:MaxCallsInFlight"] = "1",
                ["Federation:Peer:Limits:BusyRetryDelay"] = "00:00:00.300",
            }, cancellationToken: Ct);
        foreach (var j in new[] { "DE", "JP" })
        {
            using var certificate = _pki.Node(j);
            await _fr.PeerClientAs(certificate).DeliverAsync(BorderFixture.CountersignatureFor(certificate, j, _treaty.Id, _treaty.ContentHash), cancellationToken: Ct);
        }

        await _fr.WaitForTreatiesInForceAsync(Ct);
    }

    [Fact]
    public async Task Deliver_ThirdCallInFlight_ResourceExhaustedWithRetryInfoWhileJpAdmitted()
    {
        using var de = _pki.Node("DE");
        using var jp = _pki.Node("JP");
        var limiter = _fr.Services.GetRequiredService<PeerLimiter>();
        var turn = _fr.Services.GetRequiredService<StoreWriteTurn>();
        var deClient = _fr.PeerClientAs(de);
        var envelopes = Enumerable.Range(0, 3).Select(_ => Summary(de, "DE")).ToList();

        // The inbox writer waits for its turn at the store, so accepted calls stay in flight until the test lets go.
        await turn.EnterAsync(Ct);
        List<Task<DeliveryAck>> inFlight;
        RpcException refused;
        Task<DeliveryAck> jpCall;
        try
        {
            inFlight = [deClient.DeliverAsync(envelopes[0], cancellationToken: Ct).ResponseAsync, deClient.DeliverAsync(envelopes[1], cancellationToken: Ct).ResponseAsync];
            // A call that ended before both were in flight was answered without waiting for the store: name how, rather
            // than waiting out the bound for a count that can no longer be reached. The bound is wide: this runs beside
            // flood tests in the same process on two cores, and only the count is asserted, never the time it took.
            var (_, ended) = await Eventually.UntilAsync(
                () => Task.FromResult((InFlight: limiter.CallsInFlight(JurisdictionCode.Parse("DE")), Ended: inFlight.FirstOrDefault(c => c.IsCompleted))),
                s => s.InFlight == 2 || s.Ended is not null, "DE's two calls to be in flight", TimeSpan.FromSeconds(60));
            if (ended is not null)
            {
                Assert.Fail($"A DE call ended while the store was held: {(ended.IsFaulted ? ended.Exception!.InnerException!.Message : ended.Status.ToString())}");
            }


            refused = await Assert.ThrowsAsync<RpcException>(async () => await deClient.DeliverAsync(envelopes[2], cancellationToken: Ct));
            jpCall = _fr.PeerClientAs(jp).DeliverAsync(Summary(jp, "JP"), cancellationToken: Ct).ResponseAsync;
            await Eventually.UntilAsync(() => Task.FromResult(limiter.CallsInFlight(JurisdictionCode.Parse("JP"))), n => n == 1, "JP's call to be admitted while DE is at its limit", TimeSpan.FromSeconds(60));
        }
        finally
        {
            turn.Exit();
        }

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("2 calls in flight", refused.Status.Detail, StringComparison.Ordinal);
        var status = refused.GetRpcStatus()!;
        Assert.Equal("RESOURCE_EXHAUSTED", status.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        Assert.Equal(TimeSpan.FromMilliseconds(300), status.GetDetail<Google.Rpc.RetryInfo>()!.RetryDelay.ToTimeSpan());
        Assert.All(await Task.WhenAll(inFlight), ack => Assert.False(ack.Duplicate));
        Assert.False((await jpCall).Duplicate);

        // The refused one, sent again once there is room, is taken: it was never stored.
        var retried = await deClient.DeliverAsync(envelopes[2], cancellationToken: Ct);
        Assert.False(retried.Duplicate);
        var limited = Assert.Single(await AuditAsync(), e => e.Kind == AuditKinds.PeerLimited);
        Assert.Equal("DE", limited.Actor);
    }

    [Fact]
    public async Task Handshake_PastMessagesPerSecond_ResourceExhaustedUntilTheBucketRefills()
    {
        using var kr = _pki.Node("KR");
        using var jp = _pki.Node("JP");
        var krClient = _fr.PeerClientAs(kr);
        await krClient.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct);
        await krClient.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await krClient.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct));
        var jpAnswer = await _fr.PeerClientAs(jp).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("2 messages per second", refused.Status.Detail, StringComparison.Ordinal);
        // Two a second, refilled one at a time: the next token comes half a second later.
        var delay = refused.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>()!.RetryDelay.ToTimeSpan();
        Assert.Equal(TimeSpan.FromMilliseconds(500), delay);
        Assert.Equal("JP", jpAnswer.CallerJurisdiction);

        _clock.Advance(delay);
        var again = await krClient.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct);
        Assert.Equal("KR", again.CallerJurisdiction);
        await Assert.ThrowsAsync<RpcException>(async () => await krClient.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct));
    }

    [Fact]
    public async Task Handshake_CalledAgainInsideTheToldDelay_RefusedOnlyAfterTheHold()
    {
        using var kr = _pki.Node("KR");
        var krClient = _fr.PeerClientAs(kr);
        await krClient.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct);
        await krClient.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct);
        var told = await Assert.ThrowsAsync<RpcException>(async () => await krClient.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct));
        Assert.Equal(TimeSpan.FromMilliseconds(500), told.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>()!.RetryDelay.ToTimeSpan());

        // KR calls again at once, as a flooder ignoring RetryInfo does: held for IgnoredRetryHold (1 s), not the 500 ms it was told.
        var ignoring = krClient.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct).ResponseAsync;
        await Task.Delay(TimeSpan.FromMilliseconds(200), Ct); // for the call to reach the gate (real time; a late one is only held later)
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        var answeredAtToldDelay = await Task.WhenAny(ignoring, Task.Delay(TimeSpan.FromMilliseconds(300), Ct)) == ignoring;
        var advanced = TimeSpan.FromMilliseconds(500);
        for (var step = 0; step < 40 && !ignoring.IsCompleted; step++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            advanced += TimeSpan.FromMilliseconds(100);
            await Task.WhenAny(ignoring, Task.Delay(TimeSpan.FromMilliseconds(100), Ct));
        }

        Assert.False(answeredAtToldDelay);
        Assert.Equal(StatusCode.ResourceExhausted, (await Assert.ThrowsAsync<RpcException>(() => ignoring)).StatusCode);
        Assert.True(advanced >= TimeSpan.FromSeconds(1), $"answered after {advanced} on the node's clock");
    }

    [Fact]
    public async Task Health_PartnerAtItsLimit_StillAnswered()
    {
        using var kr = _pki.Node("KR");
        var krClient = _fr.PeerClientAs(kr);
        for (var i = 0; i < 2; i++)
        {
            await krClient.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct);
        }

        var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions { ClientCertificates = [kr], RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(_fr.PeerAddress, new global::Grpc.Net.Client.GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        var health = await new global::Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest(), cancellationToken: Ct);

        Assert.NotEqual(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Unknown, health.Status);
    }

    public async ValueTask DisposeAsync()
    {
        await _fr.DisposeAsync();
        _folder.Dispose();
    }

    private SignedEnvelope Summary(X509Certificate2 signer, string origin) =>
        BorderFixture.SummaryFor(signer, origin, _treaty, caseUnique: Core.Identity.Ulid.NewUlid(TimeProvider.System));

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync()
    {
        await using var scope = _fr.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100_000, Ct);
    }
}
