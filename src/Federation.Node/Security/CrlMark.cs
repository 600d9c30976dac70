namespace Federation.Node.Security;

/// <summary>A revocation list's place in its CA's sequence (cRLNumber in decimal, thisUpdate) and the SHA-256 of its bytes.</summary>
public sealed record CrlMark(string? Number, DateTimeOffset ThisUpdate, string Digest);
