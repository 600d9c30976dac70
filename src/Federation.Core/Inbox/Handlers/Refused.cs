namespace Federation.Core.Inbox.Handlers;

/// <summary>The envelope is not accepted; nothing of it was added to the unit of work.</summary>
public sealed record Refused(Refusal Refusal) : HandlerResult;
