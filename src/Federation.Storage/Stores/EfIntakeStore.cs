using Federation.Core.Abstractions;
using Federation.Core.Intake;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfIntakeStore(FederationDbContext db) : IIntakeStore
{
    public void Add(IntakeReport report) => db.Set<IntakeReport>().Add(report);

    public void AddMessage(IntakeMessage message) => db.Set<IntakeMessage>().Add(message);

    public void AddAttachment(IntakeAttachment attachment) => db.Set<IntakeAttachment>().Add(attachment);

    public Task<IntakeReport?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        db.KeepOpen();
        return db.Set<IntakeReport>().FirstOrDefaultAsync(r => r.TokenHash == tokenHash, cancellationToken);
    }

    public Task<IntakeReport?> FindByCaseAsync(string caseId, CancellationToken cancellationToken) =>
        db.Set<IntakeReport>().FirstOrDefaultAsync(r => r.CaseId == caseId, cancellationToken);

    public async Task<Page<IntakeReport>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        IQueryable<IntakeReport> query = db.Set<IntakeReport>().AsNoTracking();
        if (KeysetCursor.Parse(page.After) is { } after)
        {
            query = query.Where(r => r.ReceivedAt < after.At || (r.ReceivedAt == after.At && string.Compare(r.CaseId, after.Id) < 0));
        }

        var fetched = await query.OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.CaseId).Take(page.Size + 1).ToListAsync(cancellationToken);
        return Page<IntakeReport>.FromOverfetch(fetched, page, r => new KeysetCursor(r.ReceivedAt, r.CaseId).ToString());
    }

    public async Task<IReadOnlyList<IntakeMessage>> ListMessagesAsync(string caseId, CancellationToken cancellationToken) =>
        await db.Set<IntakeMessage>().AsNoTracking().Where(m => m.CaseId == caseId).OrderBy(m => m.Id).ToListAsync(cancellationToken);

    public Task<int> CountMessagesAsync(string caseId, IntakeSide side, CancellationToken cancellationToken) =>
        db.Set<IntakeMessage>().CountAsync(m => m.CaseId == caseId && m.Side == side, cancellationToken);

    public async Task<IReadOnlyList<IntakeAttachmentInfo>> ListAttachmentsAsync(string caseId, CancellationToken cancellationToken) =>
        await db.Set<IntakeAttachment>().AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Id)
            .Select(a => new IntakeAttachmentInfo(a.Id, a.FileName, a.ContentType, a.Length, a.Sha256, a.At))
            .ToListAsync(cancellationToken);
}
