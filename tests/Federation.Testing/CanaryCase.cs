using Federation.Contracts.V1;

namespace Federation.Testing;

/// <summary>
/// A case whose raw fields are distinctive words, shared from one node to another, so that a test can search any
/// output of the node (a leaf, a checkpoint, an export) for them and be sure none crossed where it must not.
/// </summary>
public static class CanaryCase
{
    public const string ReporterName = "Canary-Reporter-Wrenfield";
    public const string Vendor = "Canary-Vendor-Quorvax";
    public const string Title = "Canary-Title-Silent-Lynx";

    /// <summary>The raw values and their distinctive parts, each of which must appear nowhere it is searched for.</summary>
    public static IReadOnlyList<string> Words { get; } = [ReporterName, Vendor, Title, "Wrenfield", "Quorvax", "Silent-Lynx"];

    /// <summary>Creates the case on <paramref name="from"/>, shares it with <paramref name="to"/>, waits for the delivery; returns its message id.</summary>
    public static async Task<string> ShareAsync(TestFederation federation, string from, string to, CancellationToken cancellationToken)
    {
        var admin = federation[from].AdminClient();
        var created = await admin.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields
            {
                Title = Title,
                Synopsis = "A prompt sequence defeats a safety policy.",
                ReporterName = ReporterName,
                Vendor = Vendor,
                Sector = "health",
                Tlp = TlpLabel.Amber,
            },
        }, cancellationToken: cancellationToken);
        await admin.Cases.RecordConsentAsync(new RecordConsentRequest
        {
            FederationCaseId = created.FederationCaseId,
            Scopes = { "share-summary", "share-vendor", "share-reporter" },
        }, cancellationToken: cancellationToken);
        var shared = await admin.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { to } }, cancellationToken: cancellationToken);
        await Eventually.UntilAsync(
            async () => await admin.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: cancellationToken),
            d => d.Deliveries.Count > 0 && d.Deliveries.All(x => x.State == DeliveryState.Delivered), $"{from} to see the delivery to {to} acknowledged");
        return shared.Decisions.Single().MessageId;
    }
}
