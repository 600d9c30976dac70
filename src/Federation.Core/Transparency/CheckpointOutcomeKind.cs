namespace Federation.Core.Transparency;

public enum CheckpointOutcomeKind
{
    Signed,
    Unchanged,
    Refused,
}
