namespace Federation.Core;

/// <summary>
/// A decision not to accept something, as a value: the same stable code, message and field a
/// <see cref="FederationException"/> carries, for paths where refusing is an expected outcome
/// (a partner's envelope), not an error to unwind the stack for.
/// </summary>
public sealed record Refusal(ErrorCode Code, string Message, string? Field = null)
{
    /// <summary>For the transport boundary, where a refusal becomes a gRPC status.</summary>
    public FederationException ToException() => new(Code, Message, Field);
}
