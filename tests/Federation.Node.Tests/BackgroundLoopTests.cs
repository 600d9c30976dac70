using Federation.Contracts.V1;
using Federation.Core.Treaties;
using Federation.Node.Hosting;
using Federation.Testing;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Serilog.Events;

namespace Federation.Node.Tests;

/// <summary>An unexpected exception in a background loop is logged and the loop goes on; the node keeps serving.</summary>
public sealed class BackgroundLoopTests
{
    [Fact]
    public async Task TreatyReviewMonitor_StepThrowsUnexpected_LoggedLoopRunsAgainNodeServes()
    {
        // Arrange: a real node whose real treaty store can be made to fail once.
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("FR");
        pki.Ca("DE");
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var fault = new TreatyStoreFault();
        var logs = new LogCapture();
        await using var node = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"), clock,
            services: s => s
                .AddSingleton<ILogEventSink>(logs)
                .Decorate<ITreatyStore>((inner, _) => new FaultyTreatyStore(inner, fault)),
            cancellationToken: ct);

        // Act: the monitor's next hourly look fails; move the clock until it has looked, then until it looked again.
        fault.Arm();
        await Eventually.UntilAsync(() => Advance(clock, TimeSpan.FromMinutes(10), fault.Thrown), done => done, "the treaty review monitor to hit the fault");
        await Eventually.UntilAsync(() => Advance(clock, TimeSpan.FromSeconds(1), fault.ReadAgain), done => done, "the treaty review monitor to run again after its failure");

        // Assert: logged with the loop's name and the exception, the host still running and answering.
        var failure = Assert.Single(logs.Events, e => e.Exception is InvalidDataException);
        Assert.Equal(LogEventLevel.Error, failure.Level);
        Assert.Equal("\"TreatyReviewMonitor\"", failure.Properties["Loop"].ToString());
        Assert.Equal("1", failure.Properties["Failures"].ToString());
        Assert.False(node.App.Lifetime.ApplicationStopping.IsCancellationRequested, "the node began to stop after a loop's failure");
        var treaties = await node.AdminClient().Treaties.ListTreatiesAsync(new ListTreatiesRequest(), cancellationToken: ct);
        Assert.Contains(treaties.Treaties, t => t.TreatyId == "t");
        using var channel = GrpcChannel.ForAddress(node.AdminAddress);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: ct);
        Assert.NotEqual(HealthCheckResponse.Types.ServingStatus.Unknown, health.Status);
    }

    [Fact]
    public async Task ResilientLoop_CancellationNotFromHost_LoggedAndLoopGoesOn()
    {
        // A timeout inside a step is an OperationCanceledException too: only the host's own token may end the loop.
        var clock = new FakeTimeProvider();
        using var stopping = new CancellationTokenSource();
        var runs = 0;
        var secondRun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = ResilientLoop.RunAsync("test", _ =>
        {
            if (++runs == 1)
            {
                throw new OperationCanceledException("a call timed out");
            }

            secondRun.TrySetResult();
            stopping.Cancel();
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), clock, NullLogger.Instance, stopping.Token);

        Assert.False(loop.IsCompleted, "the loop ended on a cancellation that was not the host's");
        clock.Advance(TimeSpan.FromSeconds(5));
        await secondRun.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await loop.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(2, runs);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(4, 40)]
    [InlineData(5, 60)]
    [InlineData(1000, 60)]
    public void Backoff_DoublesUpToTheCap(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ResilientLoop.Backoff(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), failures));

    private static Task<bool> Advance(FakeTimeProvider clock, TimeSpan step, TaskCompletionSource happened)
    {
        if (!happened.Task.IsCompleted)
        {
            clock.Advance(step);
        }

        return Task.FromResult(happened.Task.IsCompleted);
    }
}
