using System.Globalization;
using System.Security.Cryptography;

namespace Federation.Core.Publication;

/// <summary>
/// One document in the provider's white folder (CSAF 2.0 §7.1.11–§7.1.19): its path, the dates the index and
/// changes files list, and the hashes and signature of the exact bytes served. Written in the same transaction as
/// the publication or correction, so index.txt, changes.csv and the feed are read from this table, never rebuilt
/// from the documents.
/// </summary>
public sealed class CsafDistributionEntry
{
    private CsafDistributionEntry()
    {
        Path = TrackingId = CaseId = Title = Sha256 = Sha512 = Signature = SignerFingerprint = string.Empty;
    }

    public CsafDistributionEntry(PublishedAdvisory advisory, string title, IAdvisorySigner signer)
        : this()
    {
        ArgumentNullException.ThrowIfNull(advisory);
        TrackingId = advisory.TrackingId;
        CaseId = advisory.CaseId;
        InitialReleaseDate = advisory.PublishedAt;
        Path = PathFor(advisory.TrackingId, advisory.PublishedAt);
        Revise(advisory, title, signer);
    }

    /// <summary>Relative to the white folder: the year of the initial release, then the §5.1 file name, e.g. <c>2026/fr-01jd3.json</c>.</summary>
    public string Path { get; private set; }

    public string TrackingId { get; private set; }
    public string CaseId { get; private set; }

    /// <summary>The document's title, for the feed entry.</summary>
    public string Title { get; private set; }

    /// <summary>Nothing is listed or served before this instant (the advisory's initial release).</summary>
    public DateTimeOffset InitialReleaseDate { get; private set; }

    public DateTimeOffset CurrentReleaseDate { get; private set; }
    public int Version { get; private set; }

    /// <summary>Lower-case hex SHA-256 and SHA-512 of the bytes served.</summary>
    public string Sha256 { get; private set; }

    public string Sha512 { get; private set; }

    /// <summary>The detached ASCII-armoured OpenPGP signature of the bytes served.</summary>
    public string Signature { get; private set; }

    public string SignerFingerprint { get; private set; }

    public string FileName => Path[(Path.IndexOf('/', StringComparison.Ordinal) + 1)..];

    public static string PathFor(string trackingId, DateTimeOffset initialRelease) =>
        $"{initialRelease.UtcDateTime.Year.ToString("D4", CultureInfo.InvariantCulture)}/{CsafAdvisory.FileNameFor(trackingId)}";

    /// <summary>A correction: same path, new bytes, hashes, signature and current release date.</summary>
    public void Revise(PublishedAdvisory advisory, string title, IAdvisorySigner signer)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        ArgumentNullException.ThrowIfNull(signer);
        if (advisory.TrackingId != TrackingId)
        {
            throw new ArgumentException($"The entry of {TrackingId} cannot take the document of {advisory.TrackingId}.", nameof(advisory));
        }

        Title = string.IsNullOrWhiteSpace(title) ? advisory.TrackingId : title.Trim();
        CurrentReleaseDate = advisory.RevisedAt;
        Version = advisory.Version;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(advisory.Json));
        Sha512 = Convert.ToHexStringLower(SHA512.HashData(advisory.Json));
        Signature = signer.SignDetached(advisory.Json);
        SignerFingerprint = signer.Fingerprint;
    }
}
