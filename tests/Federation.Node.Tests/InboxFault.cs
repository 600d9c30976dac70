namespace Federation.Node.Tests;

/// <summary>Which case's summary <see cref="FaultyInbox"/> fails to store, and whether it does now.</summary>
public sealed class InboxFault
{
    private volatile bool _armed;

    public string CaseId { get; set; } = string.Empty;

    public bool Armed
    {
        get => _armed;
        set => _armed = value;
    }
}
