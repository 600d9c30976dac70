namespace Federation.Core.Intake;

/// <summary>One message of a report's thread between the reporter and the authority.</summary>
public sealed class IntakeMessage
{
    private IntakeMessage()
    {
        Id = CaseId = Language = Text = Author = string.Empty;
    }

    public IntakeMessage(string id, string caseId, IntakeSide side, string author, string language, string text, DateTimeOffset at)
        : this()
    {
        Id = id;
        CaseId = caseId;
        Side = side;
        Author = author;
        Language = language;
        Text = text;
        At = at;
    }

    /// <summary>A ULID: orders the thread by time, ties broken by creation order.</summary>
    public string Id { get; private set; }
    public string CaseId { get; private set; }
    public IntakeSide Side { get; private set; }

    /// <summary>"reporter", or the operator the admin key names; the reporter sees only the side.</summary>
    public string Author { get; private set; }
    public string Language { get; private set; }
    public string Text { get; private set; }
    public DateTimeOffset At { get; private set; }
}
