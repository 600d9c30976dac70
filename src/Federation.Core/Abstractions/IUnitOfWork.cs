namespace Federation.Core.Abstractions;

/// <summary>Commits every change of the current scope (cases, outbox, inbox, audit) in one transaction.</summary>
public interface IUnitOfWork
{
    Task SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>Forgets every change not saved yet (and what was read for them): the next reads see the store as committed.</summary>
    void Discard();
}
