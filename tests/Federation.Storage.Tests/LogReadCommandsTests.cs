using Federation.Storage.Transparency;
using Microsoft.Data.Sqlite;

namespace Federation.Storage.Tests;

/// <summary>
/// The log's prepared reads on pooled connections, as a node opens them (the other store tests turn pooling off): a
/// connection object that is closed and opened again may hold another native connection, while the one it had serves
/// another connection object. The kept statements must follow the connection object, never the native connection.
/// </summary>
public sealed class LogReadCommandsTests
{
    /// <summary>Closing the connection disposes the commands it tracks: the next use prepares new ones, even on the same native connection.</summary>
    [Fact]
    public async Task Size_AfterACloseOnTheSameNativeConnection_IsANewCommandTrackedAgain()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var pooled = new SqliteConnectionStringBuilder { DataSource = store.DatabasePath, Pooling = true }.ToString();
        var connection = new SqliteConnection(pooled);
        try
        {
            await connection.OpenAsync(ct);
            var first = LogReadCommands.For(connection).Size(null);
            await first.ExecuteScalarAsync(ct);
            var native = connection.Handle;
            connection.Close();
            await connection.OpenAsync(ct);
            // The pool hands the same native connection back: only the close's disposal can tell the command is stale.
            Assert.Same(native, connection.Handle);
            var second = LogReadCommands.For(connection).Size(null);
            Assert.NotSame(first, second);
            Assert.Null(await second.ExecuteScalarAsync(ct));
        }
        finally
        {
            connection.Dispose();
            SqliteConnection.ClearPool(connection);
        }
    }

    [Fact]
    public async Task Size_AfterReopensWhileAnotherConnectionHoldsTheOldNativeOne_ReadsOnItsOwnConnection()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var pooled = new SqliteConnectionStringBuilder { DataSource = store.DatabasePath, Pooling = true }.ToString();
        var others = new List<SqliteConnection>();
        var ours = new SqliteConnection(pooled);
        try
        {
            // Three rounds of close and reopen, each time with the native connection it had taken by another object, so
            // that ours gets a new one: the first close disposes the commands the connection tracks, later ones do not.
            for (var round = 1; round <= 3; round++)
            {
                await ours.OpenAsync(ct);
                Assert.Equal(0L, await LogReadCommands.For(ours).Size(null).ExecuteScalarAsync(ct) is long size ? size : 0L);
                var before = ours.Handle;
                ours.Close();

                var other = new SqliteConnection(pooled);
                others.Add(other);
                await other.OpenAsync(ct);
                Assert.Same(before, other.Handle);
                // A head only that native connection can see: a temporary table of the same name, which SQLite resolves
                // before the store's own (no lock taken, so every other connection can have one).
                await using (var write = other.CreateCommand())
                {
                    write.CommandText = "CREATE TEMP TABLE LogHead (Id INTEGER PRIMARY KEY, Size INTEGER); INSERT INTO temp.LogHead VALUES (1, 42);";
                    await write.ExecuteNonQueryAsync(ct);
                }
            }

            await ours.OpenAsync(ct);
            // On its own native connection, ours sees the store's empty head: 42 would be another connection's.
            Assert.Equal(0L, await LogReadCommands.For(ours).Size(null).ExecuteScalarAsync(ct) is long last ? last : 0L);
        }
        finally
        {
            foreach (var other in others)
            {
                other.Dispose();
            }

            ours.Dispose();
            SqliteConnection.ClearPool(ours);
        }
    }
}
