using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Node.Hosting;
using Federation.Testing;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// An authenticated partner that sends what no correct node sends: bytes that are not protobuf, messages over the limit,
/// text built to forge log lines or overflow a trailer. Each gets a precise status, is audited, and costs no stack trace.
/// </summary>
public sealed class HostilePartnerTests(BorderFixture fixture) : IClassFixture<BorderFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Method<byte[], byte[]> RawDeliver = new(
        MethodType.Unary, "federation.v1.Peer", "Deliver", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

    [Fact]
    public async Task UndecodableBytes_InvalidArgument_AuditedOnceAMinuteNotPerRequest()
    {
        // Only this test sends undecodable bytes to the class's node, so its throttle window starts here.
        var before = await AuditAsync(AuditKinds.PeerUndecodable);
        // Field 1 claims a 100-byte length-delimited value, then the bytes end: no protobuf parser accepts it.
        byte[] garbage = [0x0A, 0x64, 0x01, 0x02, 0x03];

        var error = await Assert.ThrowsAsync<RpcException>(async () => await RawCallAsync(garbage));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not a valid DeliverRequest", error.Status.Detail, StringComparison.Ordinal);
        var after = await Eventually.UntilAsync(() => AuditAsync(AuditKinds.PeerUndecodable), a => a.Count > before.Count, "the undecodable request to be audited");
        Assert.Equal("DE", after[^1].Actor);
        Assert.Equal("/federation.v1.Peer/Deliver", after[^1].Subject);

        for (var i = 0; i < 4; i++)
        {
            var again = await Assert.ThrowsAsync<RpcException>(async () => await RawCallAsync([0x0A, 0x7F]));
            Assert.Equal(StatusCode.InvalidArgument, again.StatusCode);
        }

        Assert.Equal(after.Count, (await AuditAsync(AuditKinds.PeerUndecodable)).Count);
    }

    [Fact]
    public async Task OversizedMessage_ResourceExhaustedAndAudited()
    {
        var before = await AuditAsync(AuditKinds.PeerOversized);
        // The fixture's node accepts messages of up to 64 KiB.
        var oversized = new DeliverRequest { ProtocolVersion = new string('v', 100_000) }.ToByteArray();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await RawCallAsync(oversized));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var after = await Eventually.UntilAsync(() => AuditAsync(AuditKinds.PeerOversized), a => a.Count > before.Count, "the oversized message to be audited");
        Assert.Equal("DE", after[^1].Actor);
    }

    [Fact]
    public async Task CaseIdBuiltToForgeLogLines_EscapedAndCappedInStatusAndAudit()
    {
        var envelope = fixture.Envelope(fixture.DeCertificate, "DE");
        var content = EnvelopeContent.Parser.ParseFrom(envelope.Content);
        content.Summary.FederationCaseId = "DE-\n[12:00:00 INF] Federation.Node: forged line\r\n" + new string('x', 40_000);
        var forged = BorderFixture.Resign(content, fixture.DeCertificate);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(forged, cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.DoesNotContain('\n', error.Status.Detail);
        Assert.True(error.Status.Detail.Length <= Core.BoundedText.StatusMessage + 64, $"the status detail is {error.Status.Detail.Length} characters long");
        var audit = await ReadAuditAsync();
        Assert.DoesNotContain(audit, e => (e.Detail ?? string.Empty).Contains('\n', StringComparison.Ordinal) || (e.Subject ?? string.Empty).Contains('\n', StringComparison.Ordinal));
        Assert.All(audit, e => Assert.True((e.Detail?.Length ?? 0) <= Core.BoundedText.AuditDetail + 64));
    }

    [Fact]
    public void Throttle_CountsWhatItHoldsBackAndReportsItNextWindow()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var throttle = new RefusalAuditThrottle(clock);

        Assert.True(throttle.ShouldAudit("DE|x", out var first));
        Assert.False(throttle.ShouldAudit("DE|x", out _));
        Assert.False(throttle.ShouldAudit("DE|x", out _));
        Assert.True(throttle.ShouldAudit("JP|x", out _));
        clock.Advance(RefusalAuditThrottle.Window);
        Assert.True(throttle.ShouldAudit("DE|x", out var next));

        Assert.Equal(0, first);
        Assert.Equal(2, next);
    }

    private async Task<byte[]> RawCallAsync(byte[] payload)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                ClientCertificates = [fixture.DeCertificate],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        };
        using var channel = GrpcChannel.ForAddress(fixture.Fr.PeerAddress, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxSendMessageSize = null,
        });
        return await channel.CreateCallInvoker().AsyncUnaryCall(RawDeliver, null, new CallOptions(cancellationToken: Ct), payload);
    }

    private async Task<List<AuditEntry>> AuditAsync(string kind) => [.. (await ReadAuditAsync()).Where(e => e.Kind == kind)];

    private async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync()
    {
        await using var scope = fixture.Fr.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100_000, Ct);
    }
}
