using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Node.Interceptors;
using Federation.Testing;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>Who may speak on the peer port, and what the node says to those who may not.</summary>
public sealed class PeerBorderTests(BorderFixture fixture) : IClassFixture<BorderFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Handshake_PinnedPartner_ReturnsCallerIdentityAndSharedTreaty()
    {
        var response = await fixture.Fr.PeerClientAs(fixture.DeCertificate).HandshakeAsync(
            new HandshakeRequest { ProtocolVersions = { "federation.v1", "federation.v9" } }, cancellationToken: Ct);

        Assert.Equal("DE", response.CallerJurisdiction);
        Assert.Equal("FR", response.CalleeJurisdiction);
        Assert.Equal("federation.v1", response.SelectedProtocolVersion);
        var treaty = Assert.Single(response.SharedTreaties);
        Assert.Equal("fr-de", treaty.TreatyId);
        Assert.Equal(fixture.Treaty.ContentHash, treaty.ContentHash);
    }

    [Fact]
    public async Task Handshake_NewerCallerWithUnknownFields_StillAnswered()
    {
        var request = new HandshakeRequest { ProtocolVersions = { "federation.v1" } };
        // Field 99, unknown to this node: a newer node's addition must be kept, not rejected.
        var bytes = request.ToByteArray().Concat(new byte[] { 0x9A, 0x06, 0x03, (byte)'n', (byte)'e', (byte)'w' }).ToArray();
        var parsed = HandshakeRequest.Parser.ParseFrom(bytes);

        var response = await fixture.Fr.PeerClientAs(fixture.DeCertificate).HandshakeAsync(parsed, cancellationToken: Ct);

        Assert.Equal("DE", response.CallerJurisdiction);
    }

    [Fact]
    public async Task PeerPort_NoClientCertificate_Unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(null).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("No client certificate", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerPort_UnknownCa_Unauthenticated()
    {
        var strangerPki = new TestPki(Path.Combine(Path.GetTempPath(), $"stranger-{Guid.NewGuid():N}"));
        using var stranger = strangerPki.Node("DE");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(stranger).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("does not chain to any pinned jurisdiction anchor", error.Status.Detail, StringComparison.Ordinal);
        Directory.Delete(strangerPki.Folder, recursive: true);
    }

    [Fact]
    public async Task PeerPort_FranceIssuedCertificateClaimingGermany_PermissionDenied()
    {
        using var impostor = fixture.Pki.Node("KR", claimedJurisdiction: "DE");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(impostor).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("claims to speak for DE but was issued under the anchor pinned for KR", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerPort_ExpiredCertificate_Unauthenticated()
    {
        var now = DateTimeOffset.UtcNow;
        using var expired = fixture.Pki.Node("DE", notBefore: now.AddDays(-30), notAfter: now.AddDays(-1));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(expired).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("expired", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerPort_AdminService_NotServed()
    {
        var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(fixture.Fr.PeerAddress, new global::Grpc.Net.Client.GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                SslOptions = new System.Net.Security.SslClientAuthenticationOptions
                {
                    ClientCertificates = [fixture.DeCertificate],
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                },
            },
        });
        var admin = new AdminClients(channel.CreateCallInvoker());

        var error = await Assert.ThrowsAsync<RpcException>(async () => await admin.Cases.ListCasesAsync(new ListCasesRequest(), cancellationToken: Ct));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        channel.Dispose();
    }

    [Fact]
    public async Task AdminPort_WrongOrMissingKey_Unauthenticated()
    {
        var wrong = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.AdminClient("not-the-key").Cases.ListCasesAsync(new ListCasesRequest(), cancellationToken: Ct));

        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
    }

    [Fact]
    public async Task Deliver_ValidThenRedelivered_StoredOnceAndAcknowledgedAsDuplicate()
    {
        var envelope = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E51");
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);

        var first = await client.DeliverAsync(envelope, cancellationToken: Ct);
        var second = await client.DeliverAsync(envelope, cancellationToken: Ct);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        var received = await fixture.Fr.AdminClient().Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = "DE" }, cancellationToken: Ct);
        Assert.Single(received.Summaries, s => s.Summary.FederationCaseId == "DE-01JD3Q5V7X8Y9Z0A1B2C3D4E51");
    }

    [Fact]
    public async Task Deliver_OlderRevisionAfterNewer_NewerKept()
    {
        const string unique = "01JD3Q5V7X8Y9Z0A1B2C3D4E52";
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);
        await client.DeliverAsync(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: unique, revision: 5, fields: [("title", "new")]), cancellationToken: Ct);

        var ack = await client.DeliverAsync(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: unique, revision: 3, fields: [("title", "old")]), cancellationToken: Ct);

        Assert.False(ack.Duplicate);
        var held = (await fixture.Fr.AdminClient().Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = "DE" }, cancellationToken: Ct))
            .Summaries.Single(s => s.Summary.FederationCaseId == $"DE-{unique}");
        Assert.Equal(5, held.Summary.Revision);
        Assert.Equal("new", held.Summary.Fields().Single(f => f.Name == "title").Value);
    }

    [Fact]
    public async Task Deliver_TamperedContent_InvalidArgumentAndAudited()
    {
        var envelope = fixture.Envelope(fixture.DeCertificate, "DE");
        var content = envelope.Content.ToByteArray();
        content[^1] ^= 0x01;
        envelope.Content = ByteString.CopyFrom(content);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(envelope, cancellationToken: Ct));

        AssertReason(error, StatusCode.InvalidArgument, "SIGNATURE_INVALID");
    }

    [Fact]
    public async Task Deliver_Unsigned_InvalidArgument()
    {
        var envelope = fixture.Envelope(fixture.DeCertificate, "DE");
        envelope.Signature = ByteString.Empty;

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(envelope, cancellationToken: Ct));

        AssertReason(error, StatusCode.InvalidArgument, "SIGNATURE_INVALID");
    }

    [Fact]
    public async Task Deliver_SignedByAnotherJurisdictionsKey_PermissionDenied()
    {
        var envelope = fixture.Envelope(fixture.DeCertificate, "DE");
        var forged = BorderFixture.Resign(EnvelopeContent.Parser.ParseFrom(envelope.Content), fixture.KrCertificate);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(forged, cancellationToken: Ct));

        AssertReason(error, StatusCode.PermissionDenied, "SIGNER_NOT_TRUSTED");
        Assert.Contains("claims origin DE but is signed by a key of KR", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_FromPinnedNonParty_PermissionDenied()
    {
        var envelope = fixture.Envelope(fixture.KrCertificate, "KR");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.KrCertificate).DeliverAsync(envelope, cancellationToken: Ct));

        AssertReason(error, StatusCode.PermissionDenied, "NOT_A_PARTY");
    }

    [Fact]
    public async Task Deliver_FieldTreatyDoesNotAllow_FailedPreconditionNamingField()
    {
        var envelope = fixture.Envelope(fixture.DeCertificate, "DE", fields: [("title", "t"), ("reporter_name", "Jane Doe")]);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(envelope, cancellationToken: Ct));

        var info = AssertReason(error, StatusCode.FailedPrecondition, "TREATY_FIELD_NOT_ALLOWED");
        Assert.Equal("reporter_name", info.Metadata["field"]);
        Assert.Contains("'reporter_name'", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Doe", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_MessageIdReusedWithOtherContent_AlreadyExists()
    {
        var messageId = Core.Identity.MessageId.New(Core.Identity.JurisdictionCode.Parse("DE"), TimeProvider.System);
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);
        await client.DeliverAsync(fixture.Envelope(fixture.DeCertificate, "DE", messageId, caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E53"), cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.DeliverAsync(fixture.Envelope(fixture.DeCertificate, "DE", messageId, caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E54"), cancellationToken: Ct));

        AssertReason(error, StatusCode.AlreadyExists, "REPLAY_CONFLICT");
    }

    [Fact]
    public async Task Deliver_FromTheFuture_FailedPrecondition()
    {
        var content = EnvelopeContent.Parser.ParseFrom(fixture.Envelope(fixture.DeCertificate, "DE").Content);
        content.CreatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(2));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(BorderFixture.Resign(content, fixture.DeCertificate), cancellationToken: Ct));

        AssertReason(error, StatusCode.FailedPrecondition, "STALE_ENVELOPE");
    }

    [Fact]
    public async Task Deliver_SignedGarbage_InvalidArgument()
    {
        using var key = fixture.DeCertificate.GetECDsaPrivateKey()!;
        var garbage = new byte[] { 0xFF, 0xFF, 0xFF, 0x01, 0x02 };
        var envelope = new SignedEnvelope
        {
            Content = ByteString.CopyFrom(garbage),
            Signature = ByteString.CopyFrom(Core.Envelopes.EnvelopeSignature.Sign(garbage, key)),
            SignerCertificate = ByteString.CopyFrom(fixture.DeCertificate.RawData),
        };

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(envelope, cancellationToken: Ct));

        AssertReason(error, StatusCode.InvalidArgument, "INVALID_ARGUMENT");
    }

    [Fact]
    public async Task Deliver_OversizedMessage_ResourceExhaustedAndNodeKeepsServing()
    {
        var envelope = fixture.Envelope(fixture.DeCertificate, "DE", fields: [("title", new string('x', 100_000))]);
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.DeliverAsync(envelope, cancellationToken: Ct));
        var after = await client.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct);

        Assert.True(error.StatusCode == StatusCode.ResourceExhausted, $"{error.StatusCode}: {error.Status.Detail}");
        Assert.Equal("DE", after.CallerJurisdiction);
    }

    [Fact]
    public async Task Deliver_Rejections_AreInTheAuditLogWithoutFieldValues()
    {
        var envelope = fixture.Envelope(fixture.DeCertificate, "DE", fields: [("title", "t"), ("reporter_name", "Audit Secret Name")]);
        await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(envelope, cancellationToken: Ct));

        await using var scope = fixture.Fr.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<Core.Audit.IAuditLog>();
        var entries = await audit.ReadAsync(0, 10_000, Ct);

        Assert.Contains(entries, e => e.Kind == "envelope.rejected" && e.Detail!.Contains("TreatyFieldNotAllowed", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => (e.Detail ?? string.Empty).Contains("Audit Secret Name", StringComparison.Ordinal));
        Assert.Null(Core.Audit.AuditChain.FirstBreak(entries));
    }

    [Fact]
    public async Task Withdrawal_AfterSummary_ContentDeletedAndLateOlderRevisionNotResurrected()
    {
        const string unique = "01JD3Q5V7X8Y9Z0A1B2C3D4E71";
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);
        var older = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: unique, revision: 2);
        await client.DeliverAsync(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: unique, revision: 3), cancellationToken: Ct);

        await client.DeliverAsync(fixture.Withdrawal(fixture.DeCertificate, "DE", $"DE-{unique}", revision: 4), cancellationToken: Ct);
        await client.DeliverAsync(older, cancellationToken: Ct);

        var held = await fixture.Fr.AdminClient().Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = "DE" }, cancellationToken: Ct);
        Assert.DoesNotContain(held.Summaries, s => s.Summary.FederationCaseId == $"DE-{unique}");
    }

    [Fact]
    public async Task Withdrawal_OfAnotherOriginsCase_PermissionDenied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(
                fixture.Withdrawal(fixture.DeCertificate, "DE", "KR-01JD3Q5V7X8Y9Z0A1B2C3D4E72", revision: 1), cancellationToken: Ct));

        AssertReason(error, StatusCode.PermissionDenied, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Countersignature_OverTheWrongHash_FailedPreconditionNamingBothHashes()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(fixture.Countersignature(fixture.DeCertificate, "DE", new string('a', 64)), cancellationToken: Ct));

        AssertReason(error, StatusCode.FailedPrecondition, "FAILED_PRECONDITION");
        Assert.Contains("the documents differ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Countersignature_FromNonParty_PermissionDenied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.KrCertificate).DeliverAsync(fixture.Countersignature(fixture.KrCertificate, "KR", fixture.Treaty.ContentHash), cancellationToken: Ct));

        AssertReason(error, StatusCode.PermissionDenied, "NOT_A_PARTY");
    }

    [Fact]
    public async Task Countersignature_Replayed_AcknowledgedAsDuplicateAndTreatyStaysInForce()
    {
        var envelope = fixture.Countersignature(fixture.DeCertificate, "DE", fixture.Treaty.ContentHash);
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);

        await client.DeliverAsync(envelope, cancellationToken: Ct);
        var replay = await client.DeliverAsync(envelope, cancellationToken: Ct);
        var listed = await fixture.Fr.AdminClient().Treaties.ListTreatiesAsync(new ListTreatiesRequest(), cancellationToken: Ct);

        Assert.True(replay.Duplicate);
        Assert.True(Assert.Single(listed.Treaties).InForce);
    }

    [Fact]
    public async Task Deliver_TimestampOutOfRange_InvalidArgumentNotInternal()
    {
        var content = EnvelopeContent.Parser.ParseFrom(fixture.Envelope(fixture.DeCertificate, "DE").Content);
        content.CreatedAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue };

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(BorderFixture.Resign(content, fixture.DeCertificate), cancellationToken: Ct));

        AssertReason(error, StatusCode.InvalidArgument, "INVALID_ARGUMENT");
    }

    private static ErrorInfo AssertReason(RpcException error, StatusCode code, string reason)
    {
        Assert.Equal(code, error.StatusCode);
        var status = error.GetRpcStatus();
        Assert.NotNull(status);
        var info = status.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal(reason, info.Reason);
        Assert.Equal(ErrorMapping.Domain, info.Domain);
        return info;
    }
}
