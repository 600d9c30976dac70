using System.Data.Common;

namespace Federation.Storage;

/// <summary>
/// Turns on SQLite's <c>secure_delete</c> on every connection as it opens (the setting belongs to the
/// connection, not to the file, so it is set each time). With it, SQLite overwrites with zeros the
/// bytes a delete or an update frees, in the table and index pages and on the free list, instead of
/// leaving them readable until the space is reused: a withdrawn summary, a narrower revision or a
/// cleared case field leaves nothing in <c>federation.db</c>. The write-ahead log still holds the
/// older page images until <see cref="StoreErasure"/> checkpoints and truncates it.
/// </summary>
/// <remarks>
/// Chosen over crypto-shredding (a key per summary, destroyed on withdrawal) because it is simple and
/// provable by reading the files: every byte a delete frees is zero. It does not reach copies made
/// before the delete (backups) nor a PostgreSQL store (dead tuples until VACUUM, WAL archives); those
/// need per-content keys, left for when such a store exists.
/// </remarks>
internal sealed class SecureDelete : ConnectionPragma
{
    protected override string StatementFor(DbConnection connection) => "PRAGMA secure_delete = ON;";
}
