namespace Federation.Core.Publication;

/// <summary>A CWE entry as CSAF 2.0 carries it: the id and its exact MITRE name (BSI's test 6.1.11 compares both).</summary>
public sealed record CsafWeakness(string Id, string Name);
