namespace Federation.Core.Intake;

/// <summary>The intake port: reports, their threads and attachments.</summary>
public interface IIntakeStore
{
    void Add(IntakeReport report);

    void AddMessage(IntakeMessage message);

    void AddAttachment(IntakeAttachment attachment);

    /// <summary>The report whose token hashes to <paramref name="tokenHash"/>, tracked for update; null if none.</summary>
    Task<IntakeReport?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken);

    /// <summary>Tracked for update; null if the case did not come through intake.</summary>
    Task<IntakeReport?> FindByCaseAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Reports, the most recently received first (a stable order, so pages do not shift while new messages arrive).</summary>
    Task<Abstractions.Page<IntakeReport>> ListAsync(Abstractions.PageRequest page, CancellationToken cancellationToken);

    /// <summary>A report's thread, oldest first.</summary>
    Task<IReadOnlyList<IntakeMessage>> ListMessagesAsync(string caseId, CancellationToken cancellationToken);

    Task<int> CountMessagesAsync(string caseId, IntakeSide side, CancellationToken cancellationToken);

    Task<IReadOnlyList<IntakeAttachmentInfo>> ListAttachmentsAsync(string caseId, CancellationToken cancellationToken);
}
