using System.Text;

namespace Federation.Testing;

/// <summary>
/// Reads every byte of every file under a node's data folder (the database, its write-ahead log and
/// shared-memory index, identity, keys, logs, anything), as a leak probe would, while the node may
/// still hold them open.
/// </summary>
public static class DataFolder
{
    private static readonly Encoding[] Encodings = [new UTF8Encoding(false), new UnicodeEncoding(bigEndian: false, byteOrderMark: false), new UnicodeEncoding(bigEndian: true, byteOrderMark: false)];

    /// <summary>"file: canary (encoding)" for every file under <paramref name="folder"/> that holds one of <paramref name="canaries"/> in UTF-8 or UTF-16.</summary>
    public static IReadOnlyList<string> Find(string folder, params string[] canaries)
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var bytes = ReadShared(file);
            if (bytes is null)
            {
                continue;
            }

            foreach (var canary in canaries)
            {
                foreach (var encoding in Encodings)
                {
                    if (bytes.AsSpan().IndexOf(encoding.GetBytes(canary)) >= 0)
                    {
                        found.Add($"{Path.GetRelativePath(folder, file)}: {canary} ({encoding.WebName})");
                    }
                }
            }
        }

        return found;
    }

    // Shared with the node's own handles; a file deleted between listing and reading (the log at a checkpoint) holds nothing.
    private static byte[]? ReadShared(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
