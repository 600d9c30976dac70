namespace Federation.Storage.Errors;

/// <summary>
/// A provider's failure, classified; <paramref name="ProviderCode"/> is for operators (e.g. "SQLite 2067"), never SQL text.
/// <paramref name="Constraint"/> names what refused the row in the provider's words, when it says (SQLite: the columns
/// of a unique index, "LogForks.Log"; PostgreSQL would give the constraint's name): for the store to tell its few
/// domain rules apart (<see cref="DomainConstraints"/>), never for a message.
/// </summary>
public sealed record StoreFailure(StoreFailureKind Kind, string ProviderCode, string? Constraint = null);
