using Federation.Core;

namespace Federation.Storage.Errors;

/// <summary>
/// For callers above Storage that see a read fail (a query's exception is not translated where it is
/// enumerated): the domain error for a store failure, without their knowing the provider.
/// </summary>
public sealed class StoreErrorTranslator(IStoreErrorClassifier classifier)
{
    /// <summary>The domain error, or null when <paramref name="exception"/> is not a failure of the store.</summary>
    public FederationException? TryTranslate(Exception exception) => StoreErrors.TryTranslate(exception, classifier);
}
