using Federation.Core.Events;

namespace Federation.Core.Inbox.Handlers;

/// <summary>
/// The envelope's effects are in the unit of work. The pipeline writes <see cref="Audit"/> and records
/// the message id; <see cref="Event"/> is published only after the batch committed.
/// </summary>
public sealed record Accepted(AuditNote Audit, FederationEvent? Event = null) : HandlerResult
{
    /// <summary>A new countersignature was stored: which versions are in force may have changed.</summary>
    public bool TreatyChanged { get; init; }

    /// <summary>Content held here was deleted or replaced (a withdrawal, a narrower or changed revision): the store's files must be erased of it.</summary>
    public bool ContentRemoved { get; init; }
}
