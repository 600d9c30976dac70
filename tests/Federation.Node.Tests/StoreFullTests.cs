using Federation.Contracts.V1;
using Federation.Testing;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>
/// A store that cannot grow (the operator's cap, which SQLite reports exactly as a full disk):
/// writes are refused with RESOURCE_EXHAUSTED, partners are told to retry, nothing stored is lost.
/// </summary>
public sealed class StoreFullTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoreFull_OperatorAndPartnerWrites_RefusedAsExhaustedAndNothingStoredIsLost()
    {
        var settings = new Dictionary<string, string?> { ["Federation:MaxStoreMegabytes"] = "2" };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: settings, cancellationToken: Ct);
        var de = federation["DE"].AdminClient();
        var stored = new List<string>();
        RpcException? refusal = null;
        // Fill the store to the brim: large proofs of concept first, then smaller ones each time one is
        // refused, until even a small case no longer fits. Bounded: 2 MiB holds at most ~20 of 100 KB.
        var size = 100 * 1024;
        for (var i = 0; i < 200 && size >= 256; i++)
        {
            try
            {
                var created = await de.Cases.CreateCaseAsync(new CreateCaseRequest
                {
                    Fields = new CaseFields { Title = $"case {i}", ProofOfConcept = new string((char)('a' + (i % 26)), size) },
                }, cancellationToken: Ct);
                stored.Add(created.FederationCaseId);
            }
            catch (RpcException ex)
            {
                refusal = ex;
                size /= 4;
            }
        }

        Assert.NotNull(refusal);
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
        Assert.Contains("store is full", refusal.Status.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(stored);
        var listed = await de.Cases.ListCasesAsync(new ListCasesRequest { PageSize = 1000 }, cancellationToken: Ct);
        Assert.Equal(stored.Order(), listed.Cases.Select(c => c.FederationCaseId).Order());

        // A partner's delivery to the full node (a summary larger than the slack left in its pages) stays
        // queued for a retry; it is never dropped as refused.
        var fr = federation["FR"].AdminClient();
        var shared = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "to a full node", Tlp = TlpLabel.Green, Synopsis = new string('s', 60 * 1024) } }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = shared.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = shared.FederationCaseId }, cancellationToken: Ct);
        var delivery = await Eventually.UntilAsync(
            async () => (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = shared.FederationCaseId }, cancellationToken: Ct)).Deliveries.Single(),
            d => d.Attempts >= 1, "FR to try DE once", TimeSpan.FromSeconds(20));

        Assert.Equal(DeliveryState.Pending, delivery.State);
        Assert.StartsWith("ResourceExhausted", delivery.LastError, StringComparison.Ordinal);
    }
}
