namespace Federation.Core.Publication;

/// <summary>One entry of an advisory's revision history: a correction is a new entry, never an edit of an old one.</summary>
public sealed record AdvisoryRevision(int Number, DateTimeOffset Date, string Summary);
