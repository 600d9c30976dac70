namespace Federation.Core.Intake;

/// <summary>
/// What the reporter reads before the form, in one language: the jurisdiction's safe-harbour statement and its
/// disclosure policy, under a version the report records as accepted.
/// </summary>
/// <param name="Language">ISO 639-1 code.</param>
/// <param name="Version">The operator's version label (e.g. "2026-1"); a change of text needs a new one.</param>
/// <param name="SafeHarbour">The safe-harbour statement, plain text (paragraphs separated by blank lines).</param>
/// <param name="DisclosurePolicy">The disclosure policy, plain text.</param>
/// <param name="DevelopmentPlaceholder">True for the built-in text of a development node, which binds nobody.</param>
public sealed record SafeHarbourStatement(string Language, string Version, string SafeHarbour, string DisclosurePolicy, bool DevelopmentPlaceholder);
