using System.Text.Json;
using Federation.Contracts.V1;
using Federation.Core.Abstractions;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Cli.Tests;

/// <summary>
/// 2,500 queued messages on a real node (a partner with no endpoint yet, so they stay pending), listed
/// page by page through the API and through fedctl: each comes back exactly once, nothing is cut silently.
/// </summary>
public sealed class PagingTests(PagingTests.QueuedNode node) : IClassFixture<PagingTests.QueuedNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListDeliveries_PageByPage_EveryMessageExactlyOnce()
    {
        var client = node.Node.AdminClient().Deliveries;
        var seen = new List<string>();
        var token = string.Empty;
        var pages = 0;
        do
        {
            var page = await client.ListDeliveriesAsync(new ListDeliveriesRequest { PageSize = 300, PageToken = token }, cancellationToken: Ct);
            Assert.True(page.Deliveries.Count <= 300);
            seen.AddRange(page.Deliveries.Select(d => d.MessageId));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0 && pages < 100);

        Assert.Equal(9, pages);
        Assert.Equal(QueuedNode.Count, seen.Count);
        Assert.Equal(node.Ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        // Newest first: message ids are ULIDs, so their order is the order of creation.
        Assert.Equal(seen.OrderDescending(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListDeliveries_TokenOfAnotherFilter_InvalidArgument()
    {
        var client = node.Node.AdminClient().Deliveries;
        var first = await client.ListDeliveriesAsync(new ListDeliveriesRequest { PageSize = 10 }, cancellationToken: Ct);

        var refusal = await Assert.ThrowsAsync<RpcException>(async () => await client.ListDeliveriesAsync(
            new ListDeliveriesRequest { FederationCaseId = node.Ids[0].Replace("-M-", "-", StringComparison.Ordinal), PageToken = first.NextPageToken }, cancellationToken: Ct));
        var garbage = await Assert.ThrowsAsync<RpcException>(async () => await client.ListDeliveriesAsync(
            new ListDeliveriesRequest { PageToken = "not-a-token" }, cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Contains("page token does not belong to this list", refusal.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, garbage.StatusCode);
    }

    [Fact]
    public async Task FedctlDeliveries_LimitZero_ListsAllOfThem()
    {
        var result = await FedctlRunner.RunAsync(
            ["--node", node.Node.AdminAddress, "--api-key-file", node.KeyFile, "deliveries", "--limit", "0", "--json"], Ct);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var ids = json.RootElement.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("messageId").GetString()!).ToList();
        Assert.Equal(node.Ids.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.False(json.RootElement.TryGetProperty("nextPageToken", out _), "a complete list carries no next page token");
    }

    [Fact]
    public async Task FedctlDeliveries_LimitBelowTheTotal_SaysThereAreMoreAndHandsTheTokenOn()
    {
        var result = await FedctlRunner.RunAsync(
            ["--node", node.Node.AdminAddress, "--api-key-file", node.KeyFile, "deliveries", "--limit", "1200", "--json"], Ct);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(1200, json.RootElement.GetProperty("deliveries").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("nextPageToken").GetString()));
        Assert.Contains("Showing the first 1200 messages; there are more", result.Error, StringComparison.Ordinal);
    }

    /// <summary>One FR node pinning DE, with no endpoint for DE: what is queued for DE stays queued.</summary>
    public sealed class QueuedNode : IAsyncLifetime
    {
        public const int Count = 2_500;

        private readonly TempDirectory _folder = new("federation-paging-test");

        public TestNode Node { get; private set; } = null!;

        public List<string> Ids { get; } = [];

        public string KeyFile => _folder.Combine("admin-api-key");

        public async ValueTask InitializeAsync()
        {
            await File.WriteAllTextAsync(KeyFile, TestNode.OperatorKey, Ct);
            var pki = new TestPki(_folder.Combine("pki"));
            pki.Ca("FR");
            pki.Ca("DE");
            Directory.CreateDirectory(_folder.Combine("treaties"));
            Node = await TestNode.StartAsync("FR", pki, _folder.Path, ["DE"], _folder.Combine("treaties"), cancellationToken: Ct);

            await using var scope = Node.Services.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            var sealer = scope.ServiceProvider.GetRequiredService<IEnvelopeSealer>();
            var fr = JurisdictionCode.Parse("FR");
            var de = JurisdictionCode.Parse("DE");
            for (var i = 0; i < Count; i++)
            {
                var id = MessageId.New(fr, TimeProvider.System);
                var caseId = new FederationCaseId(fr, id[^26..]);
                outbox.Enqueue(new OutboxMessage(id, de.Value, caseId.ToString(), 1, sealer.SealWithdrawal(id, de, caseId, 1, DateTimeOffset.UtcNow), DateTimeOffset.UtcNow));
                Ids.Add(id);
            }

            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Ct);
        }

        public async ValueTask DisposeAsync()
        {
            await Node.DisposeAsync();
            _folder.Dispose();
        }
    }
}
