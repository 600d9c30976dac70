namespace Federation.Storage.Errors;

/// <summary>
/// The provider-specific part of error translation: recognises the provider's exception (anywhere in
/// the chain EF Core wraps it in) and says what kind of failure it is. A PostgreSQL classifier would
/// read <c>PostgresException.SqlState</c> (23505, 23503, 23502 …) the way the SQLite one reads result codes.
/// </summary>
public interface IStoreErrorClassifier
{
    /// <summary>The failure, or null when <paramref name="exception"/> holds no error of this provider.</summary>
    StoreFailure? Classify(Exception exception);
}
