using Federation.Core.Transparency;
using Federation.Storage.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Federation.Storage.Errors;

/// <summary>
/// The few unique indexes whose violation is a fact of the domain rather than a failure of the store, each with the
/// domain's exception for it. Any other violation stays the generic ALREADY_EXISTS (<see cref="StoreErrors"/>), so a
/// caller that expects one rule's violation never takes another's for it.
/// </summary>
internal static class DomainConstraints
{
    /// <summary>The domain's exception for <paramref name="failure"/>, or null when it is not one of these indexes' violations.</summary>
    public static Exception? Translate(IModel model, StoreFailure failure) =>
        failure is { Kind: StoreFailureKind.Duplicate, Constraint: { } constraint } ? UniqueIndex(model, constraint) switch
        {
            LogForkConfiguration.OneOpenPerLog => new ForkRecordedAlreadyException(),
            _ => null,
        } : null;

    /// <summary>
    /// The name of the one unique index <paramref name="constraint"/> means: named as such, or, as SQLite names it, by
    /// its table's columns ("LogForks.Log"). Null when no unique index, or more than one, fits.
    /// </summary>
    private static string? UniqueIndex(IModel model, string constraint)
    {
        var matches = model.GetRelationalModel().Tables
            .SelectMany(table => table.Indexes.Where(i => i.IsUnique).Select(index => (index.Name, Columns: string.Join(", ", index.Columns.Select(c => $"{table.Name}.{c.Name}")))))
            .Where(i => string.Equals(i.Name, constraint, StringComparison.Ordinal) || string.Equals(i.Columns, constraint, StringComparison.Ordinal))
            .Select(i => i.Name)
            .ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
