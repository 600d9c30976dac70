namespace Federation.Core.Publication;

/// <summary>
/// A partner's publication of one of its cases, as its signal said: which advisory, which version, its hash,
/// and the origin's publication instant (before which this node does not show it).
/// </summary>
public sealed class ReceivedPublication
{
    private ReceivedPublication()
    {
        CaseId = Origin = TrackingId = Sha256 = MessageId = string.Empty;
    }

    public ReceivedPublication(string caseId, string origin)
        : this()
    {
        CaseId = caseId;
        Origin = origin;
    }

    public string CaseId { get; private set; }
    public string Origin { get; private set; }
    public long Revision { get; private set; }
    public DateTimeOffset PublishedAt { get; private set; }
    public string TrackingId { get; private set; }
    public int Version { get; private set; }
    public string Sha256 { get; private set; }
    public string MessageId { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>The origin's canonical URL of the advisory, when its signal carried one (absolute https).</summary>
    public string? AdvisoryUrl { get; private set; }

    /// <summary>The origin authority's name as its advisory gives it, when its signal carried one.</summary>
    public string? PublisherName { get; private set; }

    /// <summary>Takes the signal unless a later (or the same) advisory version is already held: signals may arrive out of order.</summary>
    public bool Apply(PublicationSignal signal, string messageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (Version >= signal.Version)
        {
            return false;
        }

        Revision = signal.Revision;
        PublishedAt = signal.PublishedAt;
        TrackingId = signal.TrackingId;
        Version = signal.Version;
        Sha256 = signal.Sha256Hex;
        MessageId = messageId;
        ReceivedAt = now;
        AdvisoryUrl = signal.AdvisoryUrl?.AbsoluteUri;
        PublisherName = signal.PublisherName;
        return true;
    }
}
