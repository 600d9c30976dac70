using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;

namespace Federation.Node.Hosting;

/// <summary>
/// A listener that cannot bind its address (another process holds the port): one line naming the
/// listener, its address and what to do, instead of the host's stack trace.
/// </summary>
public static partial class ListenerBindFailure
{
    private const string PeerListenerSetting = "Federation:Peer:Port";
    private const string AdminListenerSetting = "Federation:Admin:Port";

    public static bool Is(Exception? exception) => exception is IOException { InnerException: AddressInUseException };

    /// <summary>Serilog filter: the host logs this failure with its stack before Program reports it in one line.</summary>
    public static bool IsHostReport(Serilog.Events.LogEvent logEvent) =>
        Is(logEvent.Exception)
        && logEvent.Properties.TryGetValue("SourceContext", out var source)
        && source.ToString() == "\"Microsoft.Extensions.Hosting.Internal.Host\"";

    /// <summary>
    /// Serilog filter, for events before the node has started: since .NET 10 a BackgroundService's
    /// ExecuteAsync is started through Task.Run with its stopping token, so when the start fails (a port in
    /// use) the services not yet running end Canceled and the host reports each as a failed service, with a
    /// stack. None of them failed: the one line Program writes is the whole story. After the start such an
    /// event is a real one and is kept.
    /// </summary>
    public static bool IsCancelledBeforeStart(Serilog.Events.LogEvent logEvent, IHostApplicationLifetime lifetime) =>
        !lifetime.ApplicationStarted.IsCancellationRequested
        && logEvent.Exception is OperationCanceledException
        && logEvent.Properties.TryGetValue("SourceContext", out var source)
        && source.ToString() == "\"Microsoft.Extensions.Hosting.Internal.Host\"";

    public static StartupException Describe(IOException exception, NodeRuntime runtime)
    {
        // Kestrel names the address in its message only: https is the peer listener (TLS), http the admin one.
        var match = BoundAddress().Match(exception.Message);
        if (!match.Success)
        {
            return new StartupException($"{PeerListenerSetting} / {AdminListenerSetting}",
                $"a listener cannot listen on {runtime.Peer.Address}:{runtime.Peer.Port} or {runtime.Admin.Address}:{runtime.Admin.Port}: another process already uses the port. Stop it, or choose a free port (0 picks one).");
        }

        var (listener, setting) = match.Groups["scheme"].Value == "https" ? ("peer", PeerListenerSetting) : ("admin", AdminListenerSetting);
        return new StartupException(setting,
            $"the {listener} listener cannot listen on {match.Groups["endpoint"].Value}: another process already uses that port. Stop it, or set {setting} to a free port (0 picks one).");
    }

    [GeneratedRegex(@"to address (?<scheme>https?)://(?<endpoint>\S+):", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BoundAddress();
}
