using Federation.Transparency;

namespace Federation.Core.Transparency;

public sealed record WitnessVerdict(WitnessOutcome Outcome, Checkpoint? Checkpoint, string Reason)
{
    /// <summary>A witness cosigns only heads it has verified against everything it saw before.</summary>
    public bool MayCosign => Outcome is WitnessOutcome.First or WitnessOutcome.Grown or WitnessOutcome.Unchanged;
}
