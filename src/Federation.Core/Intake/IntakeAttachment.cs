namespace Federation.Core.Intake;

/// <summary>
/// A proof-of-concept file of a report. Kept in the store beside the case (not on disk): it commits in the same
/// transaction as the case, is backed up and erased with it, and stays on the node like every raw field.
/// </summary>
public sealed class IntakeAttachment
{
    private IntakeAttachment()
    {
        Id = CaseId = FileName = ContentType = Sha256 = string.Empty;
        Content = [];
    }

    public IntakeAttachment(string id, string caseId, string fileName, string contentType, byte[] content, DateTimeOffset at)
        : this()
    {
        Id = id;
        CaseId = caseId;
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Length = content.Length;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        At = at;
    }

    public string Id { get; private set; }
    public string CaseId { get; private set; }
    public string FileName { get; private set; }
    public string ContentType { get; private set; }
    public long Length { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the bytes, so the reporter and the analyst can tell they hold the same file.</summary>
    public string Sha256 { get; private set; }
    public byte[] Content { get; private set; }
    public DateTimeOffset At { get; private set; }
}
