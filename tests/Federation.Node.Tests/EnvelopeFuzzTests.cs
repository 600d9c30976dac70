using Federation.Contracts.V1;
using Federation.Node.Hosting;
using Federation.Testing;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>
/// The short fuzz run CI makes (the long one is `Federation.Benchmarks -- fuzz --envelopes 100000`): mutated envelopes
/// from an authenticated DE against FR's real peer port. Every answer has a deliberate status, the node keeps serving,
/// and nothing a treaty does not allow was stored, whatever DE signed.
/// </summary>
public sealed class EnvelopeFuzzTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MutatedEnvelopes_EveryAnswerDeliberate_NodeServesOn_NothingForbiddenStored()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fuzzer = EnvelopeFuzzer.For(federation, "FR", "DE", seed: 20261202);

        var report = await fuzzer.RunAsync(1500, inFlight: 8, Ct);

        Assert.True(report.UnexpectedCount == 0, $"{report.UnexpectedCount} unexpected answers:\n{string.Join("\n", report.Unexpected)}\n{report}");
        // The run reached both sides of the border: some mutated envelopes were still valid, most were refused.
        Assert.Contains(report.Counts, c => c.Key.Status == StatusCode.OK && c.Key.Mutation == "content-fields-resigned");
        Assert.Contains(report.Counts, c => c.Key.Status == StatusCode.InvalidArgument);
        Assert.Contains(report.Counts, c => c.Key.Status == StatusCode.Unauthenticated || c.Key.Status == StatusCode.PermissionDenied);

        var fr = federation["FR"];
        var de = federation.Pki.Node("DE");
        Assert.Equal("DE", (await fr.PeerClientAs(de).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct)).CallerJurisdiction);
        var treaty = fr.Services.GetRequiredService<NodeRuntime>().Treaties.All[0];
        var allowed = treaty.AllowedFields.Concat(treaty.FieldsByTlp.Values.SelectMany(f => f)).ToHashSet(StringComparer.Ordinal);
        var admin = fr.AdminClient();
        string? token = null;
        var received = 0;
        do
        {
            var page = await admin.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { PageSize = 500, PageToken = token ?? string.Empty }, cancellationToken: Ct);
            foreach (var summary in page.Summaries)
            {
                received++;
                Assert.All(summary.Summary.Fields(), f => Assert.Contains(f.Name, allowed));
            }

            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.True(received > 0, "no mutated summary was stored: the check above saw nothing");
    }
}
