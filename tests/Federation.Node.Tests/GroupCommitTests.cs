using Federation.Testing;
using Federation.Contracts.V1;
using Federation.Core;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Federation.Node.Security;

namespace Federation.Node.Tests;

/// <summary>Envelopes accepted together commit together, yet each is answered on its own merits.</summary>
public sealed class GroupCommitTests(BorderFixture fixture) : IClassFixture<BorderFixture>
{
    [Fact]
    public async Task AcceptBatch_MixedValidRejectedAndRepeated_EachAnsweredOnItsOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        var verifier = fixture.Fr.Services.GetRequiredService<EnvelopeVerifier>();
        var de = new PeerIdentity(JurisdictionCode.Parse("DE"), "de", DateTimeOffset.MaxValue);
        VerifiedEnvelope Verified(SignedEnvelope e) => verifier.Verify(e, de);
        var valid = Verified(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E61"));
        var notAllowed = Verified(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E62", fields: [("reporter_name", "x")]));
        var second = Verified(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E63"));

        await using var scope = fixture.Fr.Services.CreateAsyncScope();
        var outcomes = await scope.ServiceProvider.GetRequiredService<ReceiveService>().AcceptBatchAsync([valid, notAllowed, second, valid], ct);

        Assert.False(outcomes[0].Result!.Duplicate);
        Assert.Equal(ErrorCode.TreatyFieldNotAllowed, outcomes[1].Refusal!.Code);
        Assert.False(outcomes[2].Result!.Duplicate);
        Assert.True(outcomes[3].Result!.Duplicate);
        var held = await fixture.Fr.AdminClient().Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = "DE" }, cancellationToken: ct);
        Assert.Contains(held.Summaries, s => s.Summary.FederationCaseId == "DE-01JD3Q5V7X8Y9Z0A1B2C3D4E61");
        Assert.Contains(held.Summaries, s => s.Summary.FederationCaseId == "DE-01JD3Q5V7X8Y9Z0A1B2C3D4E63");
        Assert.DoesNotContain(held.Summaries, s => s.Summary.FederationCaseId == "DE-01JD3Q5V7X8Y9Z0A1B2C3D4E62");
    }

    [Fact]
    public async Task AcceptBatch_EveryEnvelope_AuditedOnceFromItsOutcome()
    {
        var ct = TestContext.Current.CancellationToken;
        var verifier = fixture.Fr.Services.GetRequiredService<EnvelopeVerifier>();
        var de = new PeerIdentity(JurisdictionCode.Parse("DE"), "de", DateTimeOffset.MaxValue);
        var valid = verifier.Verify(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E71"), de);
        var content = EnvelopeContent.Parser.ParseFrom(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E72").Content);
        content.Recipient = "JP";
        var misaddressed = verifier.Verify(BorderFixture.Resign(content, fixture.DeCertificate), de);
        var notAllowed = verifier.Verify(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E73", fields: [("reporter_name", "x")]), de);

        await using var scope = fixture.Fr.Services.CreateAsyncScope();
        var outcomes = await scope.ServiceProvider.GetRequiredService<ReceiveService>().AcceptBatchAsync([valid, misaddressed, notAllowed, valid], ct);

        Assert.Equal((ErrorCode.FailedPrecondition, "recipient"), (outcomes[1].Refusal!.Code, outcomes[1].Refusal!.Field));
        var db = scope.ServiceProvider.GetRequiredService<Federation.Storage.FederationDbContext>();
        string[] ids = [valid.MessageId, misaddressed.MessageId, notAllowed.MessageId];
        var audited = db.Audit.Where(a => ids.Contains(a.Subject)).OrderBy(a => a.Sequence).ToList();
        Assert.Equal([Federation.Core.Audit.AuditKinds.EnvelopeAccepted, Federation.Core.Audit.AuditKinds.EnvelopeDuplicate],
            audited.Where(a => a.Subject == valid.MessageId).Select(a => a.Kind));
        var refusedForRecipient = Assert.Single(audited, a => a.Subject == misaddressed.MessageId);
        Assert.Equal(Federation.Core.Audit.AuditKinds.EnvelopeRejected, refusedForRecipient.Kind);
        Assert.Contains("case=DE-01JD3Q5V7X8Y9Z0A1B2C3D4E72; code=FailedPrecondition; field=recipient", refusedForRecipient.Detail, StringComparison.Ordinal);
        Assert.Equal(Federation.Core.Audit.AuditKinds.EnvelopeRejected, Assert.Single(audited, a => a.Subject == notAllowed.MessageId).Kind);
    }

    [Fact]
    public async Task Deliver_ManyConcurrently_AllStoredOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);
        var envelopes = Enumerable.Range(0, 40)
            .Select(i => fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: $"01JD3Q5V7X8Y9Z0A1B2C3D5{i:D3}"))
            .ToList();

        var acks = await Task.WhenAll(envelopes.Concat(envelopes).Select(async e => await client.DeliverAsync(e, cancellationToken: ct)));

        Assert.Equal(40, acks.Count(a => !a.Duplicate));
        Assert.Equal(40, acks.Count(a => a.Duplicate));
    }

    /// <summary>
    /// The writer sleeps whenever the lanes are empty and must wake for the next arrival, however close it comes to
    /// the moment it goes to sleep: a lost wake-up leaves a lone delivery waiting for one that never comes (its
    /// deadline fails the test). Lone calls and small bursts, in turn, so the writer goes idle between them.
    /// </summary>
    [Fact]
    public async Task Deliver_LoneCallsAndBurstsInTurn_EachAnsweredWithoutWaitingForTheNext()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);
        var answered = 0;
        for (var round = 0; round < 60; round++)
        {
            var burst = Enumerable.Range(0, round % 3 == 0 ? 1 : 3)
                .Select(i => fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: $"01JD3Q5V7X8Y9Z0A1B2C3D6{round:D2}{i}"))
                .ToList();

            var acks = await Task.WhenAll(burst.Select(e => Task.Run(async () =>
                await client.DeliverAsync(e, deadline: DateTime.UtcNow.AddSeconds(20), cancellationToken: ct), ct)));

            answered += acks.Count(a => !a.Duplicate);
        }

        // Every call was answered before its deadline (a lost wake-up fails the round it happens in with DeadlineExceeded),
        // and each as a new message. This is a check that the writer stays live, not a race detector: a wake-up lost in the
        // nanoseconds between its last look and its sleep would rarely be hit by sixty rounds.
        Assert.Equal(140, answered);
    }
}
