using System.Data.Common;
using Federation.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Federation.Storage.LeanWrites;

/// <summary>
/// The rows of a unit of work that can skip EF Core's update pipeline (see <see cref="LeanRowPlan"/>): on every share's
/// path, audit entries, inbox entries and received summaries added, outbox messages changed. The profile of the share
/// load put EF's command batching and SQL generation for these rows at about a quarter of the node's CPU; here each
/// statement is prepared once per save and run once per row, in the caller's transaction. The entries are then marked
/// as saved so that EF does not write them again; <see cref="Restore"/> undoes that when the transaction does not
/// commit, so the unit of work stays as it was, ready to be retried or discarded.
/// </summary>
internal sealed class LeanRows
{
    private readonly List<Group> _groups;

    private LeanRows(List<Group> groups) => _groups = groups;

    public static LeanRows None { get; } = new([]);

    public bool IsEmpty => _groups.Count == 0;

    /// <summary>The added and changed entries of <paramref name="tracker"/> that have a plan, grouped by statement in tracking order.</summary>
    public static LeanRows Collect(ChangeTracker tracker)
    {
        var groups = new List<Group>();
        Dictionary<string, Group>? bySql = null;
        var entries = tracker.Entries().ToList();
        // EF orders a delete before an insert of the same key (or unique value); written first, a lean row could collide
        // with a row EF has yet to delete. A type with deletions in the unit is left to EF whole.
        var deleting = entries.Where(e => e.State == EntityState.Deleted).Select(e => e.Metadata).ToHashSet();
        foreach (var entry in entries)
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) || deleting.Contains(entry.Metadata)
                || LeanRowPlan.For(entry.Metadata) is not { } plan)
            {
                continue;
            }

            var added = entry.State == EntityState.Added;
            if ((added ? plan.InsertSql : plan.UpdateSql(entry)) is not { } sql)
            {
                continue;
            }

            bySql ??= new Dictionary<string, Group>(StringComparer.Ordinal);
            if (!bySql.TryGetValue(sql, out var group))
            {
                group = new Group(plan, sql, added, []);
                bySql[sql] = group;
                groups.Add(group);
            }

            group.Entries.Add(entry);
        }

        return new LeanRows(groups);
    }

    /// <summary>
    /// Writes every row, then marks its entry as saved. Returns the number of rows written. With <paramref name="native"/>
    /// on a SQLite connection, rows whose columns allow it are bound straight to SQLite (<see cref="SqliteNativeRows"/>).
    /// </summary>
    public async Task<int> WriteAsync(DbConnection connection, DbTransaction transaction, bool native, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var group in _groups)
        {
            if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite && group.Plan.BindsNatively && native)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var counts = SqliteNativeRows.Write(sqlite, group.Plan, group.Sql, group.Added, group.Entries);
                foreach (var rows in counts)
                {
                    written += Checked(rows, group);
                }

                continue;
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = group.Sql;
            foreach (var entry in group.Entries)
            {
                if (group.Added)
                {
                    group.Plan.BindInsert(command, entry.Entity);
                }
                else
                {
                    group.Plan.BindUpdate(command, entry);
                }

                written += Checked(await command.ExecuteNonQueryAsync(cancellationToken), group);
            }
        }

        foreach (var group in _groups)
        {
            foreach (var entry in group.Entries)
            {
                Accept(entry);
            }
        }

        return written;
    }

    /// <summary>
    /// Accepts a saved entry exactly as EF Core's own save does (<c>InternalEntityEntry.AcceptChanges</c>): its current
    /// values become its original ones, then it is unchanged. In that order: a changed entry set to unchanged first would
    /// get its current values reverted to the original ones, and an added one would have its values set after it was added
    /// (sequence, hashes) seen as edits and written again. Through EF's internal entry, not <c>OriginalValues.SetValues
    /// (CurrentValues)</c>: that public path built two property-value objects, a list of complex properties and a box per
    /// value type for every row, about a twentieth of what a share allocated (issue 13). EF Core is pinned to 10.0.x; the
    /// LeanRowsTests compare the rows and the entries' states after a save with EF's own path, so a change shows there.
    /// </summary>
#pragma warning disable EF1001 // Internal EF Core API: see above.
    private static void Accept(EntityEntry entry) => InternalOf(entry).AcceptChanges();

    /// <summary>EF Core's internal entry behind <paramref name="entry"/>, for the two questions the lean path asks of it directly.</summary>
    internal static Microsoft.EntityFrameworkCore.ChangeTracking.Internal.InternalEntityEntry InternalOf(EntityEntry entry) => entry.GetInfrastructure();
#pragma warning restore EF1001

    private static int Checked(int rows, Group group)
    {
        if (rows != 1 && !(rows == 0 && group.Added && group.Plan.FirstWriteStands))
        {
            // As EF Core would say it (DbUpdateConcurrencyException): the row changed or went away under us.
            throw new FederationException(ErrorCode.Conflict, "The record was changed by someone else at the same moment; nothing was saved. Read it again and retry.");
        }

        return rows;
    }

    /// <summary>Puts the entries back as they were (added, or changed): the transaction that held their rows did not commit.</summary>
    public void Restore()
    {
        foreach (var group in _groups)
        {
            foreach (var entry in group.Entries.Where(e => e.State == EntityState.Unchanged))
            {
                // A changed row is put back with all its columns marked: written again in full, it ends the same.
                entry.State = group.Added ? EntityState.Added : EntityState.Modified;
            }
        }
    }

    private sealed record Group(LeanRowPlan Plan, string Sql, bool Added, List<EntityEntry> Entries);
}
