namespace Federation.Core.Intake;

/// <summary>Event and audit kinds of the intake, kept with it (the shared lists name the older flows).</summary>
public static class IntakeKinds
{
    /// <summary>Event and audit kind: a public submission became a case.</summary>
    public const string Received = "intake.received";

    /// <summary>Event and audit kind: a message was added to a report's thread (by either side).</summary>
    public const string Message = "intake.message";
}
