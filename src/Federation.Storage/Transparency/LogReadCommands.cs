using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Federation.Storage.Transparency;

/// <summary>
/// The log's read statements, prepared once per connection and kept with it (a pooled context keeps its connection
/// object): compiling SQL costs more than the lookups a proof makes. Node reads come in a few fixed widths, the unused
/// places bound to a key no node has, so that a handful of statements serve every proof.
/// <para>
/// Kept only while the connection holds the same native SQLite connection as when they were prepared. Closing a
/// connection object returns its native connection to Microsoft.Data.Sqlite's pool, where another connection object
/// (another context, on another thread) may take it, and a reopen may get a different one. A command the connection
/// no longer tracks (Close disposes the commands it tracks, once) keeps its statements on the native connection it was
/// prepared on: run after a reopen, it ran on whichever connection object held that native connection then, inside
/// that one's transaction (it read another context's uncommitted rows, and left a statement active when that context
/// closed: "unable to delete/modify collation sequence due to active statements", found in a 40-round load run,
/// 2026-12-08). LogReadCommandsTests reproduce it. So each command is forgotten when the connection's close disposes it,
/// and the set is made anew whenever the native connection differs from the one it was made under.
/// </para>
/// </summary>
internal sealed class LogReadCommands : IDisposable
{
    /// <summary>A proof of a log of 2^63 leaves needs at most 2 × 63 nodes; most need far fewer.</summary>
    public static readonly int[] Widths = [8, 16, 32, 64, 128];

    /// <summary>No node has it: keys are non-negative.</summary>
    public const long NoNode = -1;

    private static readonly ConditionalWeakTable<DbConnection, LogReadCommands> PerConnection = [];

    private readonly DbConnection _connection;
    private readonly object? _native;
    private readonly DbCommand?[] _nodes = new DbCommand?[Widths.Length];
    private DbCommand? _size;
    private DbCommand? _leaves;

    private LogReadCommands(DbConnection connection, object? native)
    {
        _connection = connection;
        _native = native;
    }

    /// <summary>The statements for <paramref name="connection"/> (open) as it is now: prepared again when its native connection changed.</summary>
    public static LogReadCommands For(DbConnection connection)
    {
        var native = NativeOf(connection);
        if (PerConnection.TryGetValue(connection, out var kept) && ReferenceEquals(kept._native, native))
        {
            return kept;
        }

        // Finalizing statements of a native connection another object holds now is safe: they are reset (every reader of
        // them is disposed), and SQLite serializes calls on one native connection.
        kept?.Dispose();
        var fresh = new LogReadCommands(connection, native);
        PerConnection.AddOrUpdate(connection, fresh);
        return fresh;
    }

    public void Dispose()
    {
        foreach (var command in _nodes)
        {
            command?.Dispose();
        }

        _size?.Dispose();
        _leaves?.Dispose();
    }

    private static object? NativeOf(DbConnection connection) => (connection as Microsoft.Data.Sqlite.SqliteConnection)?.Handle;

    /// <summary><c>SELECT Id, Hash FROM LogNodes WHERE Id IN (…)</c> with room for <paramref name="count"/> keys.</summary>
    public DbCommand Nodes(int count, DbTransaction? transaction)
    {
        var slot = Array.FindIndex(Widths, w => w >= count);
        if (slot < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"A proof reads at most {Widths[^1]} nodes, not {count}.");
        }

        var keys = Enumerable.Range(0, Widths[slot]).Select(i => $"$k{i}").ToArray();
        var command = _nodes[slot] ??= Prepare($"SELECT Id, Hash FROM LogNodes WHERE Id IN ({string.Join(',', keys)});", keys);
        command.Transaction = transaction;
        return command;
    }

    /// <summary><c>SELECT Size FROM LogHead</c>: no row means an empty log.</summary>
    public DbCommand Size(DbTransaction? transaction)
    {
        var command = _size ??= Prepare("SELECT Size FROM LogHead WHERE Id = 1;", []);
        command.Transaction = transaction;
        return command;
    }

    /// <summary>
    /// The leaf columns of the audit entries in the log with sequence in (<c>$from</c>, <c>$to</c>], in order: what
    /// <see cref="Stores.EfTransparencyLog.LeavesAsync"/> reads, in the order of <see cref="LeafColumns"/>.
    /// </summary>
    public DbCommand Leaves(long from, long to, DbTransaction? transaction)
    {
        var command = _leaves ??= Prepare(
            $"SELECT {string.Join(", ", LeafColumns)} FROM Audit WHERE Sequence > $from AND Sequence <= $to AND LeafHash IS NOT NULL ORDER BY Sequence;",
            ["$from", "$to"]);
        command.Parameters[0].Value = from;
        command.Parameters[1].Value = to;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>The columns of <see cref="Leaves"/>, in order: an audit entry's leaf fields (LogLeaf), its sequence first.</summary>
    public static readonly string[] LeafColumns = ["Sequence", "Id", "At", "Kind", "Actor", "Subject", "Outcome", "Treaty", "MessageDigest", "ContentCommitment"];

    /// <summary>A prepared command with an integer parameter of each name, bound to <see cref="NoNode"/> until set.</summary>
    private DbCommand Prepare(string sql, string[] names)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = System.Data.DbType.Int64;
            parameter.Value = NoNode;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        // Closing the connection disposes the commands it tracks: a slot forgets its command then, so the next use prepares
        // a new one, tracked again, and no statement outlives the connection's hold on its native connection.
        command.Disposed += (_, _) => Forget(command);
        return command;
    }

    private void Forget(DbCommand command)
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            if (ReferenceEquals(_nodes[i], command))
            {
                _nodes[i] = null;
            }
        }

        if (ReferenceEquals(_size, command))
        {
            _size = null;
        }

        if (ReferenceEquals(_leaves, command))
        {
            _leaves = null;
        }
    }
}
