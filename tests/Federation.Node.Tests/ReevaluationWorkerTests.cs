using Federation.Contracts.V1;
using Federation.Node.Hosting;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>The background re-evaluation: requests coalesce, and a failed run is retried without stopping the node.</summary>
public sealed class ReevaluationWorkerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_ManyWhileRunning_ExactlyOneMoreRun()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        await SharedCaseAsync(federation);
        var worker = federation["FR"].Services.GetRequiredService<ReevaluationWorker>();
        await Eventually.UntilAsync(() => Task.FromResult(worker.IsRunning || worker.HasPendingRequest), busy => !busy, "startup runs to finish");
        var runsBefore = worker.CompletedRuns;
        var gates = new[] { Gate(), Gate() };
        var calls = 0;
        worker.BeforeChunk = async (_, cancellationToken) =>
        {
            var gate = gates[Math.Min(Interlocked.Increment(ref calls), gates.Length) - 1];
            gate.Entered.TrySetResult();
            await gate.Release.Task.WaitAsync(cancellationToken);
        };

        worker.Request();
        await gates[0].Entered.Task.WaitAsync(Bound, Ct);
        for (var i = 0; i < 5; i++)
        {
            worker.Request();
        }

        gates[0].Release.SetResult();
        await gates[1].Entered.Task.WaitAsync(Bound, Ct);
        Assert.False(worker.HasPendingRequest, "five requests during one run should have left exactly one run, now under way");
        gates[1].Release.SetResult();
        await Eventually.UntilAsync(() => Task.FromResult(worker.CompletedRuns), runs => runs == runsBefore + 2, "the second run to finish");

        Assert.Equal(2, calls);
        Assert.False(worker.HasPendingRequest);
    }

    [Fact]
    public async Task Run_FailsOnce_LoggedRetriedAndNodeStillServes()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var caseId = await SharedCaseAsync(federation);
        var worker = federation["FR"].Services.GetRequiredService<ReevaluationWorker>();
        await Eventually.UntilAsync(() => Task.FromResult(worker.IsRunning || worker.HasPendingRequest), busy => !busy, "startup runs to finish");
        var runsBefore = worker.CompletedRuns;
        var failures = 0;
        worker.BeforeChunk = (_, _) => Interlocked.Increment(ref failures) == 1
            ? Task.FromException(new InvalidOperationException("store went away mid-run"))
            : Task.CompletedTask;

        worker.Request();
        await Eventually.UntilAsync(() => Task.FromResult(worker.CompletedRuns), runs => runs == runsBefore + 1, "the retried run to finish", Bound);

        Assert.Equal(2, failures);
        Assert.False(worker.ExecuteTask!.IsCompleted, "the worker loop should survive a failed run");
        var served = await federation["FR"].AdminClient().Cases.GetCaseAsync(new GetCaseRequest { FederationCaseId = caseId }, cancellationToken: Ct);
        Assert.Equal(caseId, served.FederationCaseId);
    }

    private static (TaskCompletionSource Entered, TaskCompletionSource Release) Gate() =>
        (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static async Task<string> SharedCaseAsync(TestFederation federation)
    {
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t", Tlp = TlpLabel.Green } }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { "DE" } }, cancellationToken: Ct);
        return created.FederationCaseId;
    }
}
