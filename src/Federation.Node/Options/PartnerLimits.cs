namespace Federation.Node.Options;

/// <summary>The limits in force for one partner.</summary>
public sealed record PartnerLimits(int MaxCallsInFlight, int MessagesPerSecond, int Burst);
