using Federation.Core.Identity;
using Federation.Core.Sharing;
using Federation.Core.Treaties;

namespace Federation.Core.Delivery;

/// <summary>
/// Serializes and signs an outgoing summary with this node's key. A port: the wire format lives
/// in the host, the decision of what to send lives here.
/// </summary>
public interface IEnvelopeSealer
{
    byte[] Seal(string messageId, JurisdictionCode recipient, Treaty treaty, CaseSummary summary, DateTimeOffset createdAt);

    byte[] SealCountersignature(string messageId, JurisdictionCode recipient, Countersignature countersignature, DateTimeOffset createdAt);

    byte[] SealEmbargoSignal(string messageId, JurisdictionCode recipient, Embargoes.EmbargoSignal signal, Embargoes.EmbargoContext? context, DateTimeOffset createdAt);

    /// <summary>The origin relays a participant's signed envelope, unchanged, inside its own.</summary>
    byte[] SealEmbargoRelay(string messageId, JurisdictionCode recipient, byte[] signedSignal, Embargoes.EmbargoContext context, DateTimeOffset createdAt);

    /// <summary>The origin tells a participant it published a case (references only, not the document).</summary>
    byte[] SealPublication(string messageId, JurisdictionCode recipient, Publication.PublicationSignal signal, DateTimeOffset createdAt);

    byte[] SealWithdrawal(string messageId, JurisdictionCode recipient, FederationCaseId caseId, long revision, DateTimeOffset createdAt);
}
