using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Dashboard;
using Federation.Core.Embargoes;
using Federation.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

/// <summary>
/// The dashboard's facts in seven set-based queries whatever the number of cases (projections only: no document,
/// no evidence blob, no raw case field is read), then joined in memory. Run by the background rebuild, not per request.
/// </summary>
internal sealed class EfDashboardSource(FederationDbContext db) : IDashboardSource
{
    private const int DocumentChunk = 500;

    public async Task<DashboardFacts> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var advisories = await db.PublishedAdvisories.AsNoTracking()
            .Where(a => a.PublishedAt <= now)
            .Select(a => new { a.TrackingId, a.CaseId, a.Version, a.Sha256, a.PublishedAt, a.RevisedAt })
            .ToListAsync(cancellationToken);
        var next = await db.PublishedAdvisories.AsNoTracking()
            .Where(a => a.PublishedAt > now).OrderBy(a => a.PublishedAt).Select(a => a.PublishedAt).Take(1)
            .ToListAsync(cancellationToken);
        var published = advisories.Select(a => a.CaseId).ToHashSet(StringComparer.Ordinal);

        var cases = await db.Cases.AsNoTracking().IgnoreAutoIncludes()
            .Select(c => new { c.Id, c.Status, c.CreatedAt })
            .ToListAsync(cancellationToken);
        var reported = new Dictionary<string, DateTimeOffset>(published.Count, StringComparer.Ordinal);
        int received = 0, coordinating = 0, closed = 0;
        foreach (var c in cases)
        {
            if (published.Contains(c.Id))
            {
                reported[c.Id] = c.CreatedAt;
                continue;
            }

            // Unpublished, by stage; a case whose advisory is not public yet is still being coordinated.
            switch (c.Status)
            {
                case CaseStatus.New or CaseStatus.Triage:
                    received++;
                    break;
                case CaseStatus.Closed:
                    closed++;
                    break;
                default:
                    coordinating++;
                    break;
            }
        }

        var signals = (await db.EmbargoSignals.AsNoTracking()
                .Select(s => new { s.SignalId, s.CaseId, s.From, s.Kind, s.SentAt, s.Date, s.RefersTo, s.Reason })
                .ToListAsync(cancellationToken))
            .Where(s => published.Contains(s.CaseId))
            .ToLookup(s => s.CaseId, s => new EmbargoSignal(s.SignalId, FederationCaseId.Parse(s.CaseId), JurisdictionCode.Parse(s.From),
                Enum.Parse<EmbargoSignalKind>(s.Kind), s.SentAt, s.Date, s.RefersTo, s.Reason), StringComparer.Ordinal);
        var shares = (await db.CaseShares.AsNoTracking().Where(s => !s.Withdrawn)
                .Select(s => new { s.CaseId, s.Partner, s.TreatyId, s.TreatyVersion })
                .ToListAsync(cancellationToken))
            .Where(s => published.Contains(s.CaseId))
            .ToLookup(s => s.CaseId, s => new CaseTreatyShare(s.Partner, s.TreatyId, s.TreatyVersion), StringComparer.Ordinal);
        var reports = (await db.CaseReports.AsNoTracking()
                .Select(r => new { r.CaseId, r.Name, r.RecordedAt })
                .ToListAsync(cancellationToken))
            .Where(r => published.Contains(r.CaseId))
            .GroupBy(r => r.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, DateTimeOffset>)g.ToDictionary(r => r.Name, r => r.RecordedAt, StringComparer.Ordinal), StringComparer.Ordinal);
        // A share's row keeps its latest sending; the first one allowed is in the audit log.
        var firstShared = (await db.Audit.AsNoTracking()
                .Where(a => a.Kind == AuditKinds.ShareDecided && a.Outcome == "allowed" && a.Subject != null)
                .Select(a => new { a.Subject, a.At })
                .ToListAsync(cancellationToken))
            .Where(a => published.Contains(a.Subject!))
            .GroupBy(a => a.Subject!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(a => a.At), StringComparer.Ordinal);

        var empty = new Dictionary<string, DateTimeOffset>();
        var facts = advisories
            .Where(a => reported.ContainsKey(a.CaseId))
            .Select(a => new PublishedCaseFacts(
                a.CaseId, a.TrackingId, a.Version, a.Sha256, a.PublishedAt, a.RevisedAt, reported[a.CaseId],
                firstShared.TryGetValue(a.CaseId, out var shared) ? shared : null,
                signals[a.CaseId].ToList(), shares[a.CaseId].ToList(),
                reports.GetValueOrDefault(a.CaseId) ?? empty))
            .ToList();
        return new DashboardFacts(facts, received, coordinating, closed, next.Count == 0 ? null : next[0]);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> ReadDocumentsAsync(IReadOnlyCollection<string> trackingIds, CancellationToken cancellationToken)
    {
        var documents = new Dictionary<string, byte[]>(trackingIds.Count, StringComparer.Ordinal);
        foreach (var chunk in trackingIds.Chunk(DocumentChunk))
        {
            var rows = await db.PublishedAdvisories.AsNoTracking()
                .Where(a => chunk.Contains(a.TrackingId))
                .Select(a => new { a.TrackingId, a.Json })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                documents[row.TrackingId] = row.Json;
            }
        }

        return documents;
    }
}
