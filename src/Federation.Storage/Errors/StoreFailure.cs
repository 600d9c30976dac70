namespace Federation.Storage.Errors;

/// <summary>A provider's failure, classified; <paramref name="ProviderCode"/> is for operators (e.g. "SQLite 2067"), never SQL text.</summary>
public sealed record StoreFailure(StoreFailureKind Kind, string ProviderCode);
