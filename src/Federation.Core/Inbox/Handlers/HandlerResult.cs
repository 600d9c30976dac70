namespace Federation.Core.Inbox.Handlers;

/// <summary>What a handler decided about one envelope: <see cref="Accepted"/> or <see cref="Refused"/>. Never thrown.</summary>
public abstract record HandlerResult
{
    private protected HandlerResult()
    {
    }

    public static Refused Refuse(ErrorCode code, string message, string? field = null) => new(new Refusal(code, message, field));
}
