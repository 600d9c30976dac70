using Microsoft.Data.Sqlite;

namespace Federation.Storage;

/// <summary>Checks a configured connection string before anything opens it, so a typo is reported as a setting, not as a crash.</summary>
public static class StoreConnectionString
{
    /// <summary>What is wrong with <paramref name="connectionString"/>, or null when the provider accepts it.</summary>
    public static string? Problem(string connectionString)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.DataSource) ? "names no Data Source (the database file)." : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            // The provider's message names the keyword or the position, never a password (SQLite has none).
            return $"is not a SQLite connection string: {ex.Message}";
        }
    }
}
