using Federation.Contracts.V1;
using Federation.Testing;
using Google.Protobuf.WellKnownTypes;

namespace Federation.Node.Tests;

/// <summary>Embargo signals across three real nodes: every node ends with the same state and history.</summary>
public sealed class EmbargoFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProposeAcceptExtendLift_EveryNodeAgrees()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], cancellationToken: Ct);
        var caseId = await SharedCaseAsync(federation);
        var (fr, de, jp) = (federation["FR"].AdminClient(), federation["DE"].AdminClient(), federation["JP"].AdminClient());
        var end = DateTimeOffset.UtcNow.AddDays(45);

        var proposed = await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Propose, Date = Timestamp.FromDateTimeOffset(end) }, cancellationToken: Ct);
        var proposal = proposed.History.Single().Signal.SignalId;
        await AllAsync(federation, caseId, v => v.State == EmbargoState.Proposed, "every node to see the proposal");
        await de.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Accept, RefersTo = proposal }, cancellationToken: Ct);
        await jp.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Accept, RefersTo = proposal }, cancellationToken: Ct);
        var active = await AllAsync(federation, caseId, v => v.State == EmbargoState.Active, "every node to agree on the embargo");
        Assert.All(active, v => Assert.Equal(Timestamp.FromDateTimeOffset(end), v.AgreedEnd));

        var extended = await de.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest
        {
            FederationCaseId = caseId, Kind = EmbargoSignalKind.Extend, Date = Timestamp.FromDateTimeOffset(end.AddDays(15)), Reason = "the vendor's fix slipped",
        }, cancellationToken: Ct);
        var extension = extended.History.Last(h => h.Signal.Kind == EmbargoSignalKind.Extend).Signal.SignalId;
        await AllAsync(federation, caseId, v => v.State == EmbargoState.Revise, "every node to see the extension");
        await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Accept, RefersTo = extension }, cancellationToken: Ct);
        await jp.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Accept, RefersTo = extension }, cancellationToken: Ct);
        await AllAsync(federation, caseId, v => v.State == EmbargoState.Active && v.AgreedEnd == Timestamp.FromDateTimeOffset(end.AddDays(15)), "every node to agree on the extension");

        await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Lift }, cancellationToken: Ct);
        var lifted = await AllAsync(federation, caseId, v => v.State == EmbargoState.Lifted && v.History.Count == 7, "every node to see the lift");

        var histories = lifted.Select(v => string.Join(",", v.History.Select(h => $"{h.Signal.SignalId}:{h.Applied}"))).Distinct().ToList();
        Assert.Single(histories);
    }

    [Fact]
    public async Task Break_ByAParticipant_EveryNodeBroken()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], cancellationToken: Ct);
        var caseId = await SharedCaseAsync(federation);
        var end = DateTimeOffset.UtcNow.AddDays(14);
        await federation["FR"].AdminClient().Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Propose, Date = Timestamp.FromDateTimeOffset(end) }, cancellationToken: Ct);
        await AllAsync(federation, caseId, v => v.State == EmbargoState.Proposed, "every node to see the proposal");

        await federation["JP"].AdminClient().Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Break, Reason = "exploited in the wild" }, cancellationToken: Ct);

        var broken = await AllAsync(federation, caseId, v => v.State == EmbargoState.Broken, "every node to see the break");
        Assert.All(broken, v => Assert.Contains(v.History, h => h.Effect == "broken: publish now (exploited in the wild)"));
    }

    [Fact]
    public async Task Signal_FromPartnerNotSharedWith_Refused()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t", Tlp = TlpLabel.Green } }, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await federation["DE"].AdminClient().Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = created.FederationCaseId, Kind = EmbargoSignalKind.Break, Reason = "x" }, cancellationToken: Ct));

        Assert.Equal(global::Grpc.Core.StatusCode.NotFound, error.StatusCode);
    }

    private static async Task<string> SharedCaseAsync(TestFederation federation)
    {
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "Guardrail bypass", Tlp = TlpLabel.Green } }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);
        return created.FederationCaseId;
    }

    private static async Task<EmbargoView[]> AllAsync(TestFederation federation, string caseId, Func<EmbargoView, bool> done, string what)
    {
        var views = new List<EmbargoView>();
        foreach (var node in federation.Nodes.Values)
        {
            var admin = node.AdminClient();
            views.Add(await Eventually.UntilAsync(async () =>
            {
                try
                {
                    return await admin.Embargoes.GetEmbargoAsync(new GetEmbargoRequest { FederationCaseId = caseId }, cancellationToken: Ct);
                }
                catch (global::Grpc.Core.RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.NotFound)
                {
                    return new EmbargoView { State = EmbargoState.Unspecified };
                }
            }, done, $"{what} ({node.Jurisdiction})"));
        }

        return [.. views];
    }
}
