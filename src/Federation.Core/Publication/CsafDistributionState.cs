namespace Federation.Core.Publication;

/// <summary>What a listing depends on: it changes whenever a document becomes public or is corrected (an ETag, Last-Modified).</summary>
public sealed record CsafDistributionState(int Count, DateTimeOffset? LastChange)
{
    public string ETag => $"\"{Count}-{LastChange?.UtcTicks ?? 0}\"";
}
