namespace Federation.Core.Intake;

/// <summary>Who wrote a message of a report's thread.</summary>
public enum IntakeSide
{
    Reporter,
    Authority,
}
