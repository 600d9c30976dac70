using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Federation.Storage.LeanWrites;

/// <summary>
/// How one entity type's rows are written without EF Core's update pipeline: an INSERT of every mapped column, or an
/// UPDATE of the columns changed, by primary key. Parameters are made by each property's own type mapping, so value
/// converters, UTC ticks, enums as text and JSON lists are bound exactly as EF would bind them. Only a type EF would
/// write the same way gets a plan: one table, no key or value the store generates, no concurrency token, no shadow,
/// owned or complex property, no inheritance and no foreign key in either direction (so the order of writes never matters).
/// </summary>
internal sealed class LeanRowPlan
{
    private static readonly ConcurrentDictionary<IEntityType, LeanRowPlan?> Plans = new();

    // Rows whose first write stands: a receipt is the receiver's promise about one message, kept once. A second delivery
    // of a message already delivered (two dispatchers on one store, as replicas will be) then commits instead of failing
    // its whole batch on the key, and keeps the receipt that came first. SQLite and PostgreSQL both speak the clause.
    private static readonly HashSet<Type> KeptAsFirstWritten = [typeof(Core.Delivery.DeliveryReceipt), typeof(Core.Delivery.DeliveryReceiptHead)];

    private readonly IReadOnlyList<Column> _columns;
    private readonly IReadOnlyList<Column> _key;
    private readonly string _table;
    private readonly ConcurrentDictionary<string, string> _updates = new(StringComparer.Ordinal);

    private LeanRowPlan(string table, IReadOnlyList<Column> columns, bool firstWriteStands)
    {
        _table = table;
        _columns = columns;
        FirstWriteStands = firstWriteStands;
        _key = [.. columns.Where(c => c.Property.IsPrimaryKey())];
        InsertSql = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select(c => c.Parameter))})"
            + (firstWriteStands ? " ON CONFLICT DO NOTHING;" : ";");
    }

    public string InsertSql { get; }

    /// <summary>Whether an insert of a key already stored leaves the stored row as it is (and writes nothing).</summary>
    public bool FirstWriteStands { get; }

    /// <summary>The plan for <paramref name="type"/>, or null when EF Core must write it (see the class remarks).</summary>
    public static LeanRowPlan? For(IEntityType type) => Plans.GetOrAdd(type, Build);

    /// <summary>Binds every column of <paramref name="entity"/> to <paramref name="command"/>, replacing the last row's.</summary>
    public void BindInsert(DbCommand command, object entity)
    {
        command.Parameters.Clear();
        foreach (var column in _columns)
        {
            column.Bind(command, entity);
        }
    }

    /// <summary>
    /// The UPDATE of the columns <paramref name="entry"/> changed (null when its key changed: EF's to handle), bound to its
    /// values. One text per set of changed columns, so that rows changed alike share one prepared statement.
    /// </summary>
    public string? UpdateSql(EntityEntry entry)
    {
        var changed = _columns.Where(c => entry.Property(c.Property).IsModified).ToList();
        if (changed.Count == 0 || changed.Any(c => c.Property.IsPrimaryKey()))
        {
            return null;
        }

        var shape = string.Join(",", changed.Select(c => c.Parameter));
        return _updates.GetOrAdd(shape, _ =>
            $"UPDATE {_table} SET {string.Join(", ", changed.Select(c => $"{c.Name} = {c.Parameter}"))} WHERE {string.Join(" AND ", _key.Select(c => $"{c.Name} = {c.Parameter}"))};");
    }

    /// <summary>Binds the changed columns and the key of <paramref name="entry"/>, replacing the last row's.</summary>
    public void BindUpdate(DbCommand command, EntityEntry entry)
    {
        command.Parameters.Clear();
        foreach (var column in _columns.Where(c => c.Property.IsPrimaryKey() || entry.Property(c.Property).IsModified))
        {
            column.Bind(command, entry.Entity);
        }
    }

    private static LeanRowPlan? Build(IEntityType type)
    {
        if (type.GetTableName() is not { } table || type.BaseType is not null || type.GetDirectlyDerivedTypes().Any()
            || type.IsOwned() || type.GetForeignKeys().Any() || type.GetReferencingForeignKeys().Any()
            || type.GetNavigations().Any() || type.GetSkipNavigations().Any() || type.GetComplexProperties().Any()
            || type.GetDeclaredServiceProperties().Any() || type.FindPrimaryKey() is null)
        {
            return null;
        }

        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        var columns = new List<Column>();
        foreach (var property in type.GetProperties())
        {
            if (property.IsShadowProperty() || property.ValueGenerated != ValueGenerated.Never || property.IsConcurrencyToken
                || property.GetColumnName(store) is not { } column || property.GetComputedColumnSql() is not null || property.GetDefaultValueSql() is not null)
            {
                return null;
            }

            columns.Add(new Column(property, (RelationalTypeMapping)property.GetTypeMapping(), Quote(column), $"$p{columns.Count}"));
        }

        return new LeanRowPlan(type.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table)}" : Quote(table), columns, KeptAsFirstWritten.Contains(type.ClrType));
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping, string Name, string Parameter)
    {
        public void Bind(DbCommand command, object entity) =>
            command.Parameters.Add(Mapping.CreateParameter(command, Parameter, Property.GetGetter().GetClrValueUsingContainingEntity(entity), Property.IsNullable));
    }
}
