namespace Federation.Core.Transparency;

/// <summary>
/// A partner's log answered a consistency proof request with a refusal (it says it cannot prove it), as opposed to
/// not answering at all (unreachable, busy, timed out): only refusals count towards <see cref="ConsistencyRefusals"/>.
/// </summary>
public sealed class ProofRefusedException(string message) : Exception(message)
{
}
