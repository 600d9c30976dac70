using Federation.Core;
using Federation.Core.Identity;
using Federation.Core.Publication;
using Google.Protobuf.WellKnownTypes;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>Publication signals, advisories and remediation categories between the wire and the domain.</summary>
public static class PublicationMapper
{
    private const int MaxTrackingIdLength = 128;
    private const int MaxUrlLength = 512;
    private const int MaxPublisherNameLength = 200;

    public static Wire.CasePublication ToWire(PublicationSignal signal) => new()
    {
        FederationCaseId = signal.CaseId.ToString(),
        Revision = signal.Revision,
        PublishedAt = Timestamp.FromDateTimeOffset(signal.PublishedAt),
        AdvisoryTrackingId = signal.TrackingId,
        AdvisoryVersion = signal.Version,
        AdvisorySha256 = signal.Sha256Hex,
        AdvisoryUrl = signal.AdvisoryUrl?.AbsoluteUri ?? string.Empty,
        PublisherName = signal.PublisherName ?? string.Empty,
    };

    /// <summary>A partner's signal, checked field by field; the values it names are not echoed back (they are the partner's strings).</summary>
    public static PublicationSignal ToDomain(Wire.CasePublication wire)
    {
        if (!FederationCaseId.TryParse(wire.FederationCaseId, out var caseId))
        {
            throw new FederationException(ErrorCode.InvalidArgument, "publication.federation_case_id is not a federation case id.", "publication.federation_case_id");
        }

        if (wire.Revision <= 0 || wire.AdvisoryVersion <= 0)
        {
            throw new FederationException(ErrorCode.InvalidArgument, "A publication needs a positive revision and advisory_version.", "publication.advisory_version");
        }

        if (wire.PublishedAt is null)
        {
            throw new FederationException(ErrorCode.InvalidArgument, "A publication needs published_at.", "publication.published_at");
        }

        var trackingId = wire.AdvisoryTrackingId;
        if (string.IsNullOrWhiteSpace(trackingId) || trackingId.Length > MaxTrackingIdLength || trackingId.Any(char.IsControl) || trackingId.Trim() != trackingId)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"advisory_tracking_id must be 1 to {MaxTrackingIdLength} characters, without control characters or surrounding spaces.", "publication.advisory_tracking_id");
        }

        if (wire.AdvisorySha256.Length != 64 || !wire.AdvisorySha256.All(char.IsAsciiHexDigitLower))
        {
            throw new FederationException(ErrorCode.InvalidArgument, "advisory_sha256 must be 64 lower-case hex characters.", "publication.advisory_sha256");
        }

        Uri? url = null;
        if (wire.AdvisoryUrl.Length > 0
            && (wire.AdvisoryUrl.Length > MaxUrlLength || !Uri.TryCreate(wire.AdvisoryUrl, UriKind.Absolute, out url) || url.Scheme != Uri.UriSchemeHttps))
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"advisory_url must be an absolute https URL of at most {MaxUrlLength} characters.", "publication.advisory_url");
        }

        var publisherName = wire.PublisherName;
        if (publisherName.Length > MaxPublisherNameLength || publisherName.Any(char.IsControl) || publisherName.Trim() != publisherName)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"publisher_name must be at most {MaxPublisherNameLength} characters, without control characters or surrounding spaces.", "publication.publisher_name");
        }

        return new PublicationSignal(caseId, wire.Revision, EmbargoMapper.Instant(wire.PublishedAt, "publication.published_at"),
            trackingId, wire.AdvisoryVersion, wire.AdvisorySha256, url, publisherName.Length > 0 ? publisherName : null);
    }

    public static Wire.Advisory ToWire(AdvisoryListing advisory) => new()
    {
        TrackingId = advisory.TrackingId,
        FederationCaseId = advisory.CaseId,
        Publisher = advisory.Publisher,
        Version = advisory.Version,
        PublishedAt = Timestamp.FromDateTimeOffset(advisory.PublishedAt),
        Sha256 = advisory.Sha256,
        Own = advisory.Own,
        CsafJson = advisory.Json is { } json ? System.Text.Encoding.UTF8.GetString(json) : string.Empty,
    };

    /// <summary>Written out value by value, like <see cref="WireEnums"/>: renaming a C# member cannot change the wire.</summary>
    public static RemediationCategory ToDomain(Wire.RemediationCategory category) => category switch
    {
        Wire.RemediationCategory.Unspecified or Wire.RemediationCategory.NoneAvailable => RemediationCategory.NoneAvailable,
        Wire.RemediationCategory.VendorFix => RemediationCategory.VendorFix,
        Wire.RemediationCategory.Mitigation => RemediationCategory.Mitigation,
        Wire.RemediationCategory.Workaround => RemediationCategory.Workaround,
        Wire.RemediationCategory.NoFixPlanned => RemediationCategory.NoFixPlanned,
        _ => throw new FederationException(ErrorCode.InvalidArgument,
            "remediation_category is not one this node knows: use VENDOR_FIX, MITIGATION, WORKAROUND, NONE_AVAILABLE or NO_FIX_PLANNED.", "remediation_category"),
    };

    /// <summary>The public text when the operator gave none: CSAF requires remediation details.</summary>
    public static string DefaultDetails(RemediationCategory category) => category switch
    {
        RemediationCategory.VendorFix => "The vendor has released a fix; update to it.",
        RemediationCategory.Mitigation => "A mitigation is available; apply it.",
        RemediationCategory.Workaround => "A workaround is available; apply it.",
        RemediationCategory.NoFixPlanned => "The vendor plans no fix.",
        _ => "No remediation is available yet.",
    };
}
