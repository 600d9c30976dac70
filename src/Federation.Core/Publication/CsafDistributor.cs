namespace Federation.Core.Publication;

/// <summary>
/// Keeps the distribution table in step with the advisories: called by a publication or correction before its
/// unit of work commits, so the row (hashes and signature of the very bytes stored) commits with the document.
/// One row is added or updated per publication: the index, changes and feed are never rebuilt.
/// </summary>
public sealed class CsafDistributor(ICsafDistributionStore store, IAdvisorySigner signer)
{
    public async Task<CsafDistributionEntry> RecordAsync(PublishedAdvisory advisory, string title, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        var entry = await store.FindByTrackingIdAsync(advisory.TrackingId, cancellationToken);
        if (entry is null)
        {
            entry = new CsafDistributionEntry(advisory, title, signer);
            store.Add(entry);
        }
        else
        {
            entry.Revise(advisory, title, signer);
        }

        return entry;
    }
}
