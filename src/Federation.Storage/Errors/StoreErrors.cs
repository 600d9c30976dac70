using Federation.Core;

namespace Federation.Storage.Errors;

/// <summary>
/// Turns a classified store failure into the domain error a caller can act on, whatever the provider;
/// the message says what happened and never carries SQL, table or column names. Nothing half-written stays.
/// </summary>
public static class StoreErrors
{
    public static FederationException Translate(StoreFailure failure) => failure.Kind switch
    {
        // e.g. a concurrent redelivery of the same message: the record is there already.
        StoreFailureKind.Duplicate => new FederationException(ErrorCode.AlreadyExists, "The store already holds this record."),
        StoreFailureKind.MissingReference => new FederationException(ErrorCode.FailedPrecondition,
            "The record refers to something the store does not hold (e.g. a case that was never saved); nothing was saved."),
        StoreFailureKind.IncompleteRecord => new FederationException(ErrorCode.Internal,
            $"The store rejected an incomplete record ({failure.ProviderCode}): a defect of this node, not of the request; nothing was saved."),
        StoreFailureKind.Full => new FederationException(ErrorCode.ResourceExhausted, "The node's store is full; the change was not saved. Free disk space and retry."),
        StoreFailureKind.Busy => new FederationException(ErrorCode.Unavailable, "The node's store is busy; retry shortly."),
        StoreFailureKind.Unwritable => new FederationException(ErrorCode.Unavailable, "The node's store cannot be written (read-only or I/O error); the change was not saved."),
        _ => new FederationException(ErrorCode.Unavailable, $"The node's store failed ({failure.ProviderCode}); the change was not saved."),
    };

    /// <summary>The domain error for <paramref name="exception"/>, or null when it is not a failure of the classifier's provider.</summary>
    public static FederationException? TryTranslate(Exception exception, IStoreErrorClassifier classifier) =>
        classifier.Classify(exception) is { } failure ? Translate(failure) : null;
}
