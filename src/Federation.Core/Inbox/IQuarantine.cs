using Federation.Core.Abstractions;

namespace Federation.Core.Inbox;

/// <summary>Envelopes whose handler failed unexpectedly, kept for an operator (see <see cref="QuarantinedEnvelope"/>).</summary>
public interface IQuarantine
{
    Task<QuarantinedEnvelope?> FindAsync(string messageId, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, QuarantinedEnvelope>> FindManyAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken);

    void Add(QuarantinedEnvelope envelope);

    void Remove(QuarantinedEnvelope envelope);

    /// <summary>Newest first.</summary>
    Task<Page<QuarantinedEnvelope>> ListAsync(PageRequest page, CancellationToken cancellationToken);
}
