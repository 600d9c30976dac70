namespace Federation.Core.Transparency;

/// <summary>The log's current tree head: how many leaves, and their RFC 9162 root.</summary>
public sealed record LogHead(long Size, byte[] RootHash);
