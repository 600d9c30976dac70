namespace Federation.Core.Dashboard;

/// <summary>
/// The dashboard as of <see cref="BuiltAt"/>: immutable, so every request reads it without locks or queries.
/// It holds only advisories public at <see cref="BuiltAt"/>; clocks only move forward, so it never shows one early.
/// </summary>
public sealed class DashboardSnapshot
{
    public const int DefaultPageSize = 50;

    private readonly Dictionary<string, DashboardCase> _byId;

    public DashboardSnapshot(DateTimeOffset builtAt, IReadOnlyList<DashboardCase> cases, DashboardFigures figures, DateTimeOffset? nextPublicationAt)
    {
        BuiltAt = builtAt;
        Cases = cases;
        Figures = figures;
        NextPublicationAt = nextPublicationAt;
        _byId = cases.ToDictionary(c => c.CaseId, StringComparer.Ordinal);
    }

    public DateTimeOffset BuiltAt { get; }

    /// <summary>Newest publication first.</summary>
    public IReadOnlyList<DashboardCase> Cases { get; }

    public DashboardFigures Figures { get; }

    /// <summary>When the next stored advisory becomes public (the snapshot must be rebuilt then), or null.</summary>
    public DateTimeOffset? NextPublicationAt { get; }

    public DashboardCase? Find(string caseId) => _byId.GetValueOrDefault(caseId);

    /// <summary>Page <paramref name="number"/> (from 1); a number past the last page gives an empty page.</summary>
    public DashboardPage Page(int number, int size = DefaultPageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var pages = Math.Max(1, (Cases.Count + size - 1) / size);
        var start = (long)(number - 1) * size;
        var items = start >= Cases.Count ? [] : Cases.Skip((int)start).Take(size).ToArray();
        return new DashboardPage(items, number, size, pages, Cases.Count);
    }
}
