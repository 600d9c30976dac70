namespace Federation.Core.Intake;

/// <summary>
/// What intake adds to a case that came through the public form: the receipt token's hash, the policy version
/// accepted, and the language of each field (so that a later edit in another language shows as such).
/// </summary>
public sealed class IntakeReport
{
    private Dictionary<string, string> _fieldLanguages = new(StringComparer.Ordinal);

    private IntakeReport()
    {
        CaseId = Language = PolicyVersion = string.Empty;
        TokenHash = [];
    }

    public IntakeReport(string caseId, byte[] tokenHash, string language, string policyVersion, IEnumerable<string> fields, DateTimeOffset receivedAt)
        : this()
    {
        CaseId = caseId;
        TokenHash = tokenHash;
        Language = language;
        PolicyVersion = policyVersion;
        ReceivedAt = receivedAt;
        LastActivityAt = receivedAt;
        foreach (var field in fields)
        {
            _fieldLanguages[field] = language;
        }
    }

    public string CaseId { get; private set; }

    /// <summary>SHA-256 of the receipt token; the token itself is never stored.</summary>
    public byte[] TokenHash { get; private set; }

    /// <summary>The language the report was written in (and the policy read in).</summary>
    public string Language { get; private set; }

    /// <summary>The version of the safe-harbour statement and disclosure policy the reporter accepted.</summary>
    public string PolicyVersion { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>The last message of the thread (either side), for the operator's list.</summary>
    public DateTimeOffset LastActivityAt { get; private set; }

    /// <summary>Field name (as the case names it: title, synopsis, …) to the language its current text is in.</summary>
    public IReadOnlyDictionary<string, string> FieldLanguages
    {
        get => _fieldLanguages;
        private set => _fieldLanguages = new Dictionary<string, string>(value, StringComparer.Ordinal);
    }

    /// <summary>A field's text was replaced by text in <paramref name="language"/> (an analyst's translation, a reporter's correction).</summary>
    public void RecordFieldLanguage(string field, string language) =>
        _fieldLanguages = new Dictionary<string, string>(_fieldLanguages, StringComparer.Ordinal) { [field] = IntakeLanguages.Normalize(language) };

    public void Touch(DateTimeOffset at) => LastActivityAt = at > LastActivityAt ? at : LastActivityAt;
}
