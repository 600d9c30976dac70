namespace Federation.Core.Dashboard;

/// <summary>A partner holding a case's summary, and the treaty version it was shared under.</summary>
public sealed record CaseTreatyShare(string Partner, string TreatyId, int TreatyVersion);
