using System.Security.Cryptography.X509Certificates;

namespace Federation.Benchmarks;

/// <summary>
/// The echo baseline as a process of its own (<see cref="EchoServerProcess"/> starts it), as <c>load --processes</c> runs every
/// party: the same <see cref="EchoServer"/>, presenting a node certificate read from PEM files and requiring a client
/// certificate that chains to the given anchors. It prints its address on standard output once listening and runs until its
/// input closes (the load tool is done, or gone).
/// Usage (hidden verb): echo-server --cert PEM --key PEM --anchors PEM
/// </summary>
internal static class EchoServerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var certificate = X509Certificate2.CreateFromPemFile(Text(args, "--cert"), Text(args, "--key"));
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(Text(args, "--anchors"));
        await using var echo = await EchoServer.StartAsync(certificate, anchors);
        Console.WriteLine(echo.Address);
        // Null once the parent closed our input.
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        return 0;
    }

    private static string Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"echo-server needs {name}.");
    }
}
