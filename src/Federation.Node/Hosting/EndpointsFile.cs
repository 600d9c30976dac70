using System.Text.Json;

namespace Federation.Node.Hosting;

/// <summary>
/// Writes the addresses the node actually bound to {DataDirectory}/endpoints.json, so scripts and
/// tests that asked for port 0 can read the real ports back.
/// </summary>
public static class EndpointsFile
{
    public const string FileName = "endpoints.json";

    public static void Write(string dataDirectory, ListenerAddresses listeners, string jurisdiction)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var temp = path + ".tmp";
        // "public" is absent when the public listener is off, so a script can tell.
        var content = listeners.Public is { } publicUrl
            ? JsonSerializer.Serialize(new { jurisdiction, peer = listeners.Peer, admin = listeners.Admin, @public = publicUrl, pid = Environment.ProcessId })
            : JsonSerializer.Serialize(new { jurisdiction, peer = listeners.Peer, admin = listeners.Admin, pid = Environment.ProcessId });
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    public static void Delete(string dataDirectory)
    {
        try
        {
            File.Delete(Path.Combine(dataDirectory, FileName));
        }
        catch (IOException)
        {
            // Best effort: readers also check the pid it names.
        }
    }
}
