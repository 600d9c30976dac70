namespace Federation.Core.Inbox.Handlers;

/// <summary>The audit entry an accepted envelope leaves; the pipeline adds the actor (the peer) and the time.</summary>
public sealed record AuditNote(string Kind, string Subject, string Outcome, string? Detail = null);
