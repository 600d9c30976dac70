namespace Federation.Node.Public.Intake;

/// <summary>The reporter's consent choices; an absent one is withheld.</summary>
public sealed record IntakeConsentRequest(bool ShareSummary, bool NameVendor, bool NameReporter);
