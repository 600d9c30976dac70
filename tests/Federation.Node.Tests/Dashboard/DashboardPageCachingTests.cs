using Federation.Core.Dashboard;
using Federation.Node.Public.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests.Dashboard;

/// <summary>
/// Only a page rendered whole for a client still there is kept: a render that throws after its first bytes, an
/// aborted request and a response write that fails all leave the cache alone. And a request before the first
/// snapshot waits a bounded time.
/// </summary>
public sealed class DashboardPageCachingTests
{
    private static readonly byte[] Head = "<!DOCTYPE html><html><body>"u8.ToArray();
    private static readonly byte[] Tail = "</body></html>"u8.ToArray();

    [Fact]
    public async Task WholeRender_IsKept_ByteForByteAsSent()
    {
        var (http, sent) = Context(CancellationToken.None);

        var kept = await RenderAsync(http, Tail, fail: false);

        Assert.NotNull(kept);
        Assert.Equal([.. Head, .. Tail], kept);
        Assert.Equal(kept, sent.ToArray());
        Assert.Same(sent, http.Response.Body);
    }

    [Fact]
    public async Task RenderThrowingAfterItsFirstFlush_IsNotKept()
    {
        var (http, sent) = Context(CancellationToken.None);

        var kept = await RenderAsync(http, Tail, fail: true);

        Assert.Null(kept);
        Assert.Equal(Head, sent.ToArray());
        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
        Assert.Same(sent, http.Response.Body);
    }

    [Fact]
    public async Task AbortedRequest_IsNotKept()
    {
        using var aborted = new CancellationTokenSource();
        var (http, _) = Context(aborted.Token);
        await aborted.CancelAsync();

        Assert.Null(await RenderAsync(http, Tail, fail: false));
    }

    [Fact]
    public async Task PageOverTheLimit_IsSentNotKept()
    {
        var (http, sent) = Context(CancellationToken.None);
        using var capture = RenderedPageCapture.Start(http, Head.Length);
        await http.Response.Body.WriteAsync(Head, TestContext.Current.CancellationToken);
        await http.Response.Body.WriteAsync(Tail, TestContext.Current.CancellationToken);

        Assert.Null(capture.Finish(error: null));
        Assert.Equal([.. Head, .. Tail], sent.ToArray());
    }

    [Fact]
    public async Task FailedWriteToTheResponse_LeavesTheCopyIncomplete()
    {
        using var capture = new CapturingStream(new FailingStream(), 1024);

        await Assert.ThrowsAsync<IOException>(async () => await capture.WriteAsync(Head, TestContext.Current.CancellationToken));

        Assert.False(capture.Complete);
        Assert.Empty(capture.ToArray());
    }

    [Fact]
    public async Task FirstSnapshot_NotBuiltWithinTheWait_Null_BuiltInTime_Returned()
    {
        var clock = new FakeTimeProvider();
        var snapshots = new DashboardSnapshots();

        var late = snapshots.TryGetAsync(TimeSpan.FromSeconds(5), clock, TestContext.Current.CancellationToken).AsTask();
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(late.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var none = await late.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var waiting = snapshots.TryGetAsync(TimeSpan.FromSeconds(5), clock, TestContext.Current.CancellationToken).AsTask();
        var built = DashboardBuilder.Build(
            new DashboardFacts([], 0, 0, 0, null), new Dictionary<string, PublicAdvisory>(), [], (_, _) => null, clock.GetUtcNow());
        snapshots.Publish(built);
        var first = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Null(none);
        Assert.Same(built, first);
    }

    private static (HttpContext Http, MemoryStream Sent) Context(CancellationToken aborted)
    {
        var sent = new MemoryStream();
        var http = new DefaultHttpContext { RequestAborted = aborted };
        http.Request.Method = HttpMethods.Get;
        http.Response.Body = sent;
        return (http, sent);
    }

    /// <summary>A render as the result filter runs it: the head written and flushed, then the tail or a failure.</summary>
    private static async Task<byte[]?> RenderAsync(HttpContext http, byte[] tail, bool fail)
    {
        using var capture = RenderedPageCapture.Start(http, 1024);
        Exception? error = null;
        try
        {
            await http.Response.Body.WriteAsync(Head, TestContext.Current.CancellationToken);
            await http.Response.Body.FlushAsync(TestContext.Current.CancellationToken);
            if (fail)
            {
                throw new InvalidOperationException("A partial view failed half-way.");
            }

            await http.Response.Body.WriteAsync(tail, TestContext.Current.CancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            error = exception;
        }

        return capture.Finish(error);
    }

    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("The client went away.");
    }
}
