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
    private readonly ConcurrentDictionary<ulong, string> _updates = new();

    private LeanRowPlan(string table, IReadOnlyList<Column> columns, bool firstWriteStands)
    {
        _table = table;
        _columns = columns;
        FirstWriteStands = firstWriteStands;
        _key = [.. columns.Where(c => c.Property.IsPrimaryKey())];
        BindsNatively = columns.All(c => c.Native != NativeValue.None);
        InsertSql = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select(c => c.Parameter))})"
            + (firstWriteStands ? " ON CONFLICT DO NOTHING;" : ";");
    }

    public string InsertSql { get; }

    /// <summary>Every column's value reaches SQLite as an integer, a real, text or a blob (<see cref="SqliteNativeRows"/> may bind it).</summary>
    public bool BindsNatively { get; }

    /// <summary>The columns an insert binds: every one, in the order of their parameters.</summary>
    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>The columns an update of <paramref name="entry"/> binds: its changed ones and the key.</summary>
    public IReadOnlyList<Column> UpdateColumns(EntityEntry entry) =>
        [.. _columns.Where(c => c.Property.IsPrimaryKey() || IsModified(entry, c.Property))];

    /// <summary>
    /// <c>entry.Property(property).IsModified</c>, asked of EF Core's internal entry, as that public call does, without the
    /// PropertyEntry it makes per column per row (issue 13). EF Core is pinned to 10.0.x; LeanRowsTests compare the rows
    /// written with EF's own path.
    /// </summary>
#pragma warning disable EF1001 // Internal EF Core API: see above.
    private static bool IsModified(EntityEntry entry, IProperty property) => LeanRows.InternalOf(entry).IsModified(property);
#pragma warning restore EF1001

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
        // The set of changed columns as bits (a plan has at most 64 columns, see Build): the key of the statement's text,
        // found without a list or a string per row.
        var changed = 0UL;
        for (var i = 0; i < _columns.Count; i++)
        {
            if (IsModified(entry, _columns[i].Property))
            {
                if (_columns[i].Property.IsPrimaryKey())
                {
                    return null;
                }

                changed |= 1UL << i;
            }
        }

        return changed == 0 ? null : _updates.GetOrAdd(changed, static (mask, plan) => plan.UpdateText(mask), this);
    }

    private string UpdateText(ulong changed)
    {
        var columns = _columns.Where((_, i) => (changed & (1UL << i)) != 0);
        return $"UPDATE {_table} SET {string.Join(", ", columns.Select(c => $"{c.Name} = {c.Parameter}"))} WHERE {string.Join(" AND ", _key.Select(c => $"{c.Name} = {c.Parameter}"))};";
    }

    /// <summary>Binds the changed columns and the key of <paramref name="entry"/>, replacing the last row's.</summary>
    public void BindUpdate(DbCommand command, EntityEntry entry)
    {
        command.Parameters.Clear();
        foreach (var column in UpdateColumns(entry))
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

        // Changed columns are keyed as bits of one ulong (UpdateSql).
        if (type.GetProperties().Count() > 64)
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

            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            columns.Add(new Column(property, mapping, Quote(column), $"$p{columns.Count}", NativeValueOf(mapping)));
        }

        return new LeanRowPlan(type.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table)}" : Quote(table), columns, KeptAsFirstWritten.Contains(type.ClrType));
    }

    /// <summary>
    /// How a column's provider value is bound natively: the types Microsoft.Data.Sqlite binds as they are. Others (dates,
    /// GUIDs, decimals, chars) it formats on the way, so a plan with one of them keeps the ADO.NET path.
    /// </summary>
    private static NativeValue NativeValueOf(RelationalTypeMapping mapping)
    {
        var type = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return NativeValue.Text;
        }

        if (type == typeof(byte[]))
        {
            return NativeValue.Blob;
        }

        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)
            || type == typeof(ushort) || type == typeof(uint) || type == typeof(bool))
        {
            return NativeValue.Integer;
        }

        return type == typeof(double) || type == typeof(float) ? NativeValue.Real : NativeValue.None;
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>One mapped column: its property, how EF maps it, its quoted name, its parameter and how it binds natively.</summary>
    internal sealed record Column(IProperty Property, RelationalTypeMapping Mapping, string Name, string Parameter, NativeValue Native)
    {
        public void Bind(DbCommand command, object entity) =>
            command.Parameters.Add(Mapping.CreateParameter(command, Parameter, Property.GetGetter().GetClrValueUsingContainingEntity(entity), Property.IsNullable));

        /// <summary>The value as the store receives it: through the mapping's converter, as EF converts it for a parameter.</summary>
        public object? ProviderValue(object entity)
        {
            var value = Property.GetGetter().GetClrValueUsingContainingEntity(entity);
            return value is null || Mapping.Converter is not { } converter ? value : converter.ConvertToProvider(value);
        }
    }
}
