using Federation.Core;
using Federation.Core.Cases;
using Federation.Core.Deadlines;
using Federation.Core.Delivery;
using Federation.Core.Embargoes;
using Federation.Core.Severity;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>
/// Every closed set between the domain and the wire, member by member. Written out, never derived from
/// names, so that renaming a C# member cannot change the wire: the proto's numbers are the contract.
/// </summary>
public static class WireEnums
{
    public static Wire.TlpLabel ToWire(Tlp tlp) => tlp switch
    {
        Tlp.Clear => Wire.TlpLabel.Clear,
        Tlp.Green => Wire.TlpLabel.Green,
        Tlp.Amber => Wire.TlpLabel.Amber,
        Tlp.AmberStrict => Wire.TlpLabel.AmberStrict,
        Tlp.Red => Wire.TlpLabel.Red,
        _ => throw new ArgumentOutOfRangeException(nameof(tlp)),
    };

    /// <summary>Unset or a label this node does not know is refused: an unknown restriction fails closed.</summary>
    public static Tlp ToDomain(Wire.TlpLabel tlp, string field) => tlp switch
    {
        Wire.TlpLabel.Clear => Tlp.Clear,
        Wire.TlpLabel.Green => Tlp.Green,
        Wire.TlpLabel.Amber => Tlp.Amber,
        Wire.TlpLabel.AmberStrict => Tlp.AmberStrict,
        Wire.TlpLabel.Red => Tlp.Red,
        Wire.TlpLabel.Unspecified => throw new FederationException(ErrorCode.InvalidArgument, "No TLP label is given: use CLEAR, GREEN, AMBER, AMBER_STRICT or RED.", field),
        _ => throw new FederationException(ErrorCode.InvalidArgument, $"TLP label {(int)tlp} is not one this node knows (TLP 2.0: CLEAR, GREEN, AMBER, AMBER+STRICT, RED).", field),
    };

    public static Wire.CaseStatus ToWire(CaseStatus status) => status switch
    {
        CaseStatus.New => Wire.CaseStatus.New,
        CaseStatus.Triage => Wire.CaseStatus.Triage,
        CaseStatus.Coordinating => Wire.CaseStatus.Coordinating,
        CaseStatus.Published => Wire.CaseStatus.Published,
        CaseStatus.Closed => Wire.CaseStatus.Closed,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static CaseStatus? ToDomain(Wire.CaseStatus status) => status switch
    {
        Wire.CaseStatus.New => CaseStatus.New,
        Wire.CaseStatus.Triage => CaseStatus.Triage,
        Wire.CaseStatus.Coordinating => CaseStatus.Coordinating,
        Wire.CaseStatus.Published => CaseStatus.Published,
        Wire.CaseStatus.Closed => CaseStatus.Closed,
        _ => null,
    };

    public static Wire.EmbargoState ToWire(EmbargoState state) => state switch
    {
        EmbargoState.None => Wire.EmbargoState.None,
        EmbargoState.Proposed => Wire.EmbargoState.Proposed,
        EmbargoState.Active => Wire.EmbargoState.Active,
        EmbargoState.Revise => Wire.EmbargoState.Revise,
        EmbargoState.Lifted => Wire.EmbargoState.Lifted,
        EmbargoState.Broken => Wire.EmbargoState.Broken,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static Wire.EmbargoSignalKind ToWire(EmbargoSignalKind kind) => kind switch
    {
        EmbargoSignalKind.Propose => Wire.EmbargoSignalKind.Propose,
        EmbargoSignalKind.Accept => Wire.EmbargoSignalKind.Accept,
        EmbargoSignalKind.Decline => Wire.EmbargoSignalKind.Decline,
        EmbargoSignalKind.Extend => Wire.EmbargoSignalKind.Extend,
        EmbargoSignalKind.Lift => Wire.EmbargoSignalKind.Lift,
        EmbargoSignalKind.Break => Wire.EmbargoSignalKind.Break,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// A kind this node does not know is refused with FAILED_PRECONDITION: an embargo state computed
    /// without understanding every signal could differ between nodes, so it is not guessed at.
    /// </summary>
    public static EmbargoSignalKind ToDomain(Wire.EmbargoSignalKind kind, string field) => kind switch
    {
        Wire.EmbargoSignalKind.Propose => EmbargoSignalKind.Propose,
        Wire.EmbargoSignalKind.Accept => EmbargoSignalKind.Accept,
        Wire.EmbargoSignalKind.Decline => EmbargoSignalKind.Decline,
        Wire.EmbargoSignalKind.Extend => EmbargoSignalKind.Extend,
        Wire.EmbargoSignalKind.Lift => EmbargoSignalKind.Lift,
        Wire.EmbargoSignalKind.Break => EmbargoSignalKind.Break,
        Wire.EmbargoSignalKind.Unspecified => throw new FederationException(ErrorCode.InvalidArgument,
            "No embargo signal kind is given: use PROPOSE, ACCEPT, DECLINE, EXTEND, LIFT or BREAK.", field),
        _ => throw new FederationException(ErrorCode.FailedPrecondition, $"Embargo signal kind {(int)kind} is not one this node knows.", field),
    };

    public static Wire.DeadlineState ToWire(DeadlineState state) => state switch
    {
        DeadlineState.Due => Wire.DeadlineState.Due,
        DeadlineState.DueSoon => Wire.DeadlineState.DueSoon,
        DeadlineState.Overdue => Wire.DeadlineState.Overdue,
        DeadlineState.Met => Wire.DeadlineState.Met,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static Wire.DeliveryState ToWire(DeliveryState state) => state switch
    {
        DeliveryState.Pending => Wire.DeliveryState.Pending,
        DeliveryState.Delivered => Wire.DeliveryState.Delivered,
        DeliveryState.Failed => Wire.DeliveryState.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static Wire.CvssRating ToWire(CvssRating rating) => rating switch
    {
        CvssRating.None => Wire.CvssRating.None,
        CvssRating.Low => Wire.CvssRating.Low,
        CvssRating.Medium => Wire.CvssRating.Medium,
        CvssRating.High => Wire.CvssRating.High,
        CvssRating.Critical => Wire.CvssRating.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(rating)),
    };

    /// <summary>The preset keys of <see cref="TimelinePresets.EmbargoLengths"/>; null for none.</summary>
    public static string? ToDomain(Wire.EmbargoPreset preset) => preset switch
    {
        Wire.EmbargoPreset.Unspecified => null,
        Wire.EmbargoPreset.Distros => "distros",
        Wire.EmbargoPreset.CertCc => "cert-cc",
        Wire.EmbargoPreset.ProjectZero => "project-zero",
        _ => throw new FederationException(ErrorCode.InvalidArgument, $"Embargo preset {(int)preset} is not one this node knows.", "preset"),
    };

    private static readonly (string Name, Wire.SummaryField Wire)[] Fields =
    [
        ("title", Wire.SummaryField.Title),
        ("synopsis", Wire.SummaryField.Synopsis),
        ("sector", Wire.SummaryField.Sector),
        ("taxonomy_class", Wire.SummaryField.TaxonomyClass),
        ("severity", Wire.SummaryField.Severity),
        ("status", Wire.SummaryField.Status),
        ("reported_at", Wire.SummaryField.ReportedAt),
        ("vendor", Wire.SummaryField.Vendor),
        ("product", Wire.SummaryField.Product),
        ("model_version", Wire.SummaryField.ModelVersion),
        ("reporter_name", Wire.SummaryField.ReporterName),
        ("ssvc", Wire.SummaryField.Ssvc),
        ("component", Wire.SummaryField.Component),
        ("fingerprint", Wire.SummaryField.Fingerprint),
    ];

    private static readonly Dictionary<string, Wire.SummaryField> FieldByName = Fields.ToDictionary(f => f.Name, f => f.Wire, StringComparer.Ordinal);

    /// <summary>A summary field by the name the domain and treaty files use (e.g. <c>taxonomy_class</c>).</summary>
    public static Wire.SummaryField ToWireField(string name) =>
        FieldByName.TryGetValue(name, out var field) ? field : throw new ArgumentOutOfRangeException(nameof(name), name, "not a summary field");

    public static IEnumerable<Wire.SummaryField> ToWireFields(IEnumerable<string> names) => names.Select(ToWireField);
}
