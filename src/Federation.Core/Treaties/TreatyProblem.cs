using Federation.Core.Identity;

namespace Federation.Core.Treaties;

/// <summary>One reason this node cannot take a treaty version: the treaty field it concerns and, where one party is at fault, that party.</summary>
public sealed record TreatyProblem(string Field, JurisdictionCode? Party, string Message);
