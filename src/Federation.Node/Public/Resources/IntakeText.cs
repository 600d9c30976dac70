namespace Federation.Node.Public.Resources;

/// <summary>Marker for the intake's texts (report form, receipt, status page): IntakeText.resx and its translations.</summary>
public sealed class IntakeText;
