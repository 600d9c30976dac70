using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Federation.Node.Hosting;

/// <summary>
/// The node's listeners by name, as Kestrel bound them. Kestrel writes the real port back into each
/// <see cref="ListenOptions"/> once bound, so a node asked for port 0 can tell which port each listener got
/// (two of them speak TLS: the scheme alone cannot tell the peer port from the public one).
/// </summary>
public sealed class ListenerAddresses
{
    private readonly Dictionary<string, (ListenOptions Options, string Scheme)> _listeners = new(StringComparer.Ordinal);

    internal void Add(string listener, ListenOptions options, string scheme) => _listeners[listener] = (options, scheme);

    /// <summary>The listener's URL, e.g. https://127.0.0.1:7440, or null when it is not served.</summary>
    public string? Of(string listener)
    {
        if (!_listeners.TryGetValue(listener, out var entry))
        {
            return null;
        }

        var endpoint = entry.Options.IPEndPoint ?? throw new InvalidOperationException($"The {listener} listener is not an IP endpoint.");
        var host = endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        return $"{entry.Scheme}://{host}:{endpoint.Port}";
    }

    public string Peer => Of(Listener.Peer)!;
    public string Admin => Of(Listener.Admin)!;
    public string? Public => Of(Listener.Public);
}
