using System.Security.Cryptography.X509Certificates;

namespace Federation.Benchmarks;

/// <summary>
/// The echo baseline as a process of its own (<see cref="EchoServerProcess"/> starts it), as <c>load --processes</c> runs every
/// party: the same <see cref="EchoServer"/>, presenting a node certificate read from PEM files and requiring a client
/// certificate that chains to the given anchors. It prints its address on standard output once listening and runs until its
/// input closes (the load tool is done, or gone) or the load tool is no longer its parent (<see cref="ParentWatch"/>: killed
/// with SIGKILL, say, while something else still held our input open).
/// Usage (hidden verb): echo-server --cert PEM --key PEM --anchors PEM --parent PID
/// </summary>
internal static class EchoServerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var certificate = X509Certificate2.CreateFromPemFile(Text(args, "--cert"), Text(args, "--key"));
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(Text(args, "--anchors"));
        var parent = ParentWatch.Parent(args);
        await using var echo = await EchoServer.StartAsync(certificate, anchors);
        Console.WriteLine(echo.Address);
        // Input closed (the load tool is done, or gone) or the load tool no longer our parent (killed, SIGKILL included).
        using var done = new CancellationTokenSource();
        var inputClosed = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync(done.Token) is not null)
            {
            }
        }, CancellationToken.None);
        await Task.WhenAny(inputClosed, ParentWatch.GoneAsync(parent, done.Token));
        await done.CancelAsync();
        return 0;
    }

    private static string Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"echo-server needs {name}.");
    }
}
