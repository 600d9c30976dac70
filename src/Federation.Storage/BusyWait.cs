using System.Data.Common;

namespace Federation.Storage;

/// <summary>
/// Sets SQLite's <c>busy_timeout</c> on every connection as it opens, so that a writer that finds the write lock
/// taken (another unit of work of this node committing, a second process on the file) waits inside SQLite, which
/// retries within a millisecond or a few, instead of failing to Microsoft.Data.Sqlite, whose own retry sleeps
/// 150 ms each time. Measured: the operator's embargo call at FR had a p99 of 161 ms without it, 12 ms with it, when
/// another writer of the node held the store (see README, Benchmarks). After <see cref="Milliseconds"/> the driver's own retry
/// takes over, up to the connection's Default Timeout.
/// </summary>
internal sealed class BusyWait : ConnectionPragma
{
    public const int Milliseconds = 5000;

    protected override string StatementFor(DbConnection connection) => $"PRAGMA busy_timeout = {Milliseconds};";
}
