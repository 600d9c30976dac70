namespace Federation.Storage.Errors;

/// <summary>
/// The classifier of each provider the store runs on, by EF Core provider name. The pooled context
/// cannot take services, so it asks here; a PostgreSQL classifier would be one more entry.
/// </summary>
public static class StoreErrorClassifiers
{
    public static readonly IStoreErrorClassifier Sqlite = new SqliteErrorClassifier();

    /// <summary>The classifier for <paramref name="providerName"/>; one that recognises nothing for a provider without one.</summary>
    public static IStoreErrorClassifier For(string? providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => Sqlite,
        _ => Unknown.Instance,
    };

    private sealed class Unknown : IStoreErrorClassifier
    {
        public static readonly Unknown Instance = new();

        public StoreFailure? Classify(Exception exception) => null;
    }
}
