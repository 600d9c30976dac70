using System.Security.Cryptography;
using System.Text;

namespace Federation.Core.Publication;

/// <summary>
/// One built CSAF 2.0 document: its UTF-8 bytes exactly as they are to be served, and the names CSAF derives
/// from the tracking id. The bytes are deterministic, so the SHA-256 a provider publishes beside the file
/// (<c>.sha256</c>) is the same whichever node or run built it.
/// </summary>
public sealed record CsafAdvisory(string TrackingId, int Version, byte[] Utf8Json)
{
    /// <summary>CSAF §5.1: the tracking id in lower case, every character other than <c>+</c>, <c>-</c>, a–z and 0–9 as <c>_</c>, then <c>.json</c>.</summary>
    public string FileName => FileNameFor(TrackingId);

    public string Sha256Hex => Convert.ToHexStringLower(SHA256.HashData(Utf8Json));

    public string Text => Encoding.UTF8.GetString(Utf8Json);

    public static string FileNameFor(string trackingId)
    {
        var name = new StringBuilder(trackingId.Length + 5);
        foreach (var c in trackingId.ToLowerInvariant())
        {
            name.Append(c is '+' or '-' || char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '_');
        }

        return name.Append(".json").ToString();
    }
}
