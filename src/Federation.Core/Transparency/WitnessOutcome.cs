namespace Federation.Core.Transparency;

public enum WitnessOutcome
{
    /// <summary>The first checkpoint seen of that log: kept, nothing to compare it with yet.</summary>
    First,

    /// <summary>The log grew, and the partner proved the new head consistent with the last one seen.</summary>
    Grown,

    /// <summary>The same head as before (or an older one proved consistent with it).</summary>
    Unchanged,

    /// <summary>Two heads that cannot both be true: the partner rewrote history, or signed two versions of it.</summary>
    Fork,

    /// <summary>Not a checkpoint of that log: malformed, or its signature does not verify.</summary>
    Invalid,
}
