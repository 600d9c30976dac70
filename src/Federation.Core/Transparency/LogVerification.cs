namespace Federation.Core.Transparency;

/// <summary>
/// The node's check of its own log: how many leaves and checkpoints it recomputed and compared, and the first thing
/// that did not hold (null when all did), with the first bad leaf when one is to blame.
/// </summary>
public sealed record LogVerification(long Leaves, int Checkpoints, string? Failure, long? FirstBadLeaf)
{
    public bool Holds => Failure is null;
}
