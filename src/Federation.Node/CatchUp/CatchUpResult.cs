using Federation.Core.Identity;

namespace Federation.Node.CatchUp;

/// <summary>One pull from one partner: the cursor before and after, the partner's high water, and what became of the envelopes.</summary>
public sealed record CatchUpResult(JurisdictionCode Partner, long From, long To, long HighWater, int Accepted, int Duplicates, int Refused, bool Complete);
