using Federation.Transparency;

namespace Federation.Storage.Transparency;

/// <summary>What the head row holds, in memory for the length of one transaction.</summary>
internal sealed record LogState(MerkleFrontier Frontier, string ChainHash);
