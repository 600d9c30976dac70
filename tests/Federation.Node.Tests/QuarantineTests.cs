using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Federation.Node.Security;
using Federation.Testing;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>
/// A verified envelope whose handler fails unexpectedly (here: the real inbox throws for one case) is
/// quarantined with its error and acknowledged, instead of failing its batch and being retried forever;
/// the operator retries it once the fault is gone (applied exactly once) or drops it (audited, its bytes erased).
/// </summary>
public sealed class QuarantineTests(QuarantineFixture fixture) : IClassFixture<QuarantineFixture>
{
    private static readonly PeerIdentity De = new(JurisdictionCode.Parse("DE"), string.Empty, DateTimeOffset.MaxValue);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandlerThrows_OneEnvelopeOfABatch_OthersStoredItQuarantinedAllAcknowledged()
    {
        var (first, firstCase) = Summary();
        var (faulty, faultyCase) = Summary();
        var (last, lastCase) = Summary();
        Arm(faultyCase);
        var verifier = fixture.Fr.Services.GetRequiredService<EnvelopeVerifier>();

        IReadOnlyList<ReceiveOutcome> outcomes;
        await using (var scope = fixture.Fr.Services.CreateAsyncScope())
        {
            outcomes = await scope.ServiceProvider.GetRequiredService<ReceiveService>().AcceptBatchAsync(
                [verifier.Verify(first, De), verifier.Verify(faulty, De), verifier.Verify(last, De)], Ct);
        }

        Assert.All(outcomes, o => Assert.Null(o.Refusal));
        Assert.Equal([false, true, false], outcomes.Select(o => o.Result!.Quarantined));
        var held = await HeldCasesAsync();
        Assert.Contains(firstCase, held);
        Assert.Contains(lastCase, held);
        Assert.DoesNotContain(faultyCase, held);
        var quarantined = Assert.Single(await QuarantinedAsync(), e => e.FederationCaseId == faultyCase);
        Assert.Equal(MessageIdOf(faulty), quarantined.MessageId);
        Assert.Equal("DE", quarantined.Origin);
        Assert.Equal(MessageKind.Summary, quarantined.Kind);
        Assert.Equal(1, quarantined.Attempts);
        Assert.Contains("Simulated fault storing", quarantined.Error, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(AuditKinds.InboxQuarantined), a => a.Subject == quarantined.MessageId && a.Outcome == "quarantined");
    }

    [Fact]
    public async Task Quarantined_RedeliveredThenRetriedWhileFailingThenFixed_AppliedExactlyOnce()
    {
        var (envelope, caseId) = Summary();
        var id = MessageIdOf(envelope);
        Arm(caseId);
        var peer = fixture.Fr.PeerClientAs(fixture.DeCertificate);
        var admin = fixture.Fr.AdminClient();

        var ack = await peer.DeliverAsync(envelope, cancellationToken: Ct);
        var redelivered = await peer.DeliverAsync(envelope, cancellationToken: Ct);
        var stillFailing = await admin.Quarantine.RetryQuarantinedAsync(new RetryQuarantinedRequest { MessageId = id }, cancellationToken: Ct);
        fixture.Fault.Armed = false;
        var fixedNow = await admin.Quarantine.RetryQuarantinedAsync(new RetryQuarantinedRequest { MessageId = id }, cancellationToken: Ct);
        var again = await Assert.ThrowsAsync<RpcException>(async () =>
            await admin.Quarantine.RetryQuarantinedAsync(new RetryQuarantinedRequest { MessageId = id }, cancellationToken: Ct));
        var late = await peer.DeliverAsync(envelope, cancellationToken: Ct);

        // The sender was acknowledged (it stops retrying); a redelivery is a duplicate, not a second quarantine.
        Assert.False(ack.Duplicate);
        Assert.True(redelivered.Duplicate);
        Assert.False(stillFailing.Applied);
        Assert.Equal(2, stillFailing.Envelope.Attempts);
        Assert.True(fixedNow.Applied);
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
        Assert.True(late.Duplicate);
        Assert.Equal(1, (await HeldCasesAsync()).Count(c => c == caseId));
        Assert.DoesNotContain(await QuarantinedAsync(), e => e.MessageId == id);
        Assert.Single(await AuditAsync(AuditKinds.QuarantineRetried), a => a.Subject == id && a.Outcome == "applied");
        Assert.Equal(2, (await AuditAsync(AuditKinds.InboxQuarantined)).Count(a => a.Subject == id));
    }

    [Fact]
    public async Task Quarantined_Dropped_GoneAuditedWithReasonAndItsBytesErased()
    {
        var canary = $"Quarantine canary {Guid.NewGuid():N}";
        var (envelope, caseId) = Summary(canary);
        var id = MessageIdOf(envelope);
        Arm(caseId);
        var admin = fixture.Fr.AdminClient();
        await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(envelope, cancellationToken: Ct);
        Assert.NotEmpty(DataFolder.Find(fixture.Fr.DataDirectory, canary));

        var noReason = await Assert.ThrowsAsync<RpcException>(async () =>
            await admin.Quarantine.DropQuarantinedAsync(new DropQuarantinedRequest { MessageId = id, Reason = " " }, cancellationToken: Ct));
        await admin.Quarantine.DropQuarantinedAsync(new DropQuarantinedRequest { MessageId = id, Reason = "corrupt at the origin" }, cancellationToken: Ct);
        var retry = await Assert.ThrowsAsync<RpcException>(async () =>
            await admin.Quarantine.RetryQuarantinedAsync(new RetryQuarantinedRequest { MessageId = id }, cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        Assert.Equal(StatusCode.NotFound, retry.StatusCode);
        Assert.DoesNotContain(await QuarantinedAsync(), e => e.MessageId == id);
        Assert.Single(await AuditAsync(AuditKinds.QuarantineDropped), a => a.Subject == id && a.Detail!.Contains("reason=corrupt at the origin", StringComparison.Ordinal));
        await Eventually.UntilAsync(() => Task.FromResult(DataFolder.Find(fixture.Fr.DataDirectory, canary)), f => f.Count == 0,
            "the dropped envelope's bytes to be erased from FR's files", TimeSpan.FromSeconds(30));
    }

    private void Arm(string caseId)
    {
        fixture.Fault.CaseId = caseId;
        fixture.Fault.Armed = true;
    }

    /// <summary>A summary of a new DE case, sealed by DE for FR.</summary>
    private (SignedEnvelope Envelope, string CaseId) Summary(string title = "A title")
    {
        // A fresh ULID: the tail of a new message id.
        var unique = Core.Identity.MessageId.New(JurisdictionCode.Parse("DE"), TimeProvider.System)[5..];
        return (fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: unique, fields: [("title", title), ("sector", "health")]), $"DE-{unique}");
    }

    private static string MessageIdOf(SignedEnvelope envelope) => EnvelopeContent.Parser.ParseFrom(envelope.Content).MessageId;

    private async Task<List<string>> HeldCasesAsync()
    {
        var page = await fixture.Fr.AdminClient().Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { PageSize = 1000 }, cancellationToken: Ct);
        return [.. page.Summaries.Select(s => s.Summary.FederationCaseId)];
    }

    private async Task<IReadOnlyList<Contracts.V1.QuarantinedEnvelope>> QuarantinedAsync() =>
        (await fixture.Fr.AdminClient().Quarantine.ListQuarantinedAsync(new ListQuarantinedRequest { PageSize = 1000 }, cancellationToken: Ct)).Envelopes;

    private async Task<List<AuditEntry>> AuditAsync(string kind)
    {
        await using var scope = fixture.Fr.Services.CreateAsyncScope();
        return [.. (await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100_000, Ct)).Where(e => e.Kind == kind)];
    }
}
