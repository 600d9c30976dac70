using System.Globalization;
using Federation.Core;
using Federation.Core.Identity;
using Federation.Core.Severity;
using Google.Protobuf.WellKnownTypes;
using Wire = Federation.Contracts.V1;
using DomainSummary = Federation.Core.Sharing.CaseSummary;

namespace Federation.Node.Grpc.Mapping;

/// <summary>
/// Between the typed wire summary and the domain summary; the only place that knows both. The domain
/// holds each shared field as its canonical text (a CVSS vector, a compact SSVC, an ISO instant), the
/// wire as data a node in any language can build and check from the proto alone: the receiver
/// recomputes a CVSS score and an SSVC decision and refuses a summary whose claim disagrees.
/// </summary>
public static class SummaryMapper
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static Wire.CaseSummary ToWire(DomainSummary summary)
    {
        var wire = new Wire.CaseSummary
        {
            FederationCaseId = summary.CaseId.ToString(),
            Revision = summary.Revision,
            Tlp = WireEnums.ToWire(summary.Tlp),
        };
        foreach (var (name, value) in summary.Fields)
        {
            Set(wire, name, value);
        }

        return wire;
    }

    /// <summary>The domain form of the fields a held summary keeps (name and canonical text), for the operators' view.</summary>
    public static Wire.CaseSummary ToWire(string caseId, long revision, Core.Cases.Tlp tlp, IEnumerable<(string Name, string Value)> fields)
    {
        var wire = new Wire.CaseSummary { FederationCaseId = caseId, Revision = revision, Tlp = WireEnums.ToWire(tlp) };
        foreach (var (name, value) in fields)
        {
            Set(wire, name, value);
        }

        return wire;
    }

    public static DomainSummary ToDomain(Wire.CaseSummary wire)
    {
        if (!FederationCaseId.TryParse(wire.FederationCaseId, out var id))
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"'{Excerpt(wire.FederationCaseId)}' is not a federation case id.", "summary.federation_case_id");
        }

        if (wire.Revision < 0)
        {
            throw new FederationException(ErrorCode.InvalidArgument, "A summary revision cannot be negative.", "summary.revision");
        }

        var tlp = WireEnums.ToDomain(wire.Tlp, "summary.tlp");
        var fields = new List<KeyValuePair<string, string>>(8);
        void Add(string name, string value) => fields.Add(new(name, value));

        if (wire.HasTitle) Add("title", wire.Title);
        if (wire.HasSynopsis) Add("synopsis", wire.Synopsis);
        if (wire.HasSector) Add("sector", wire.Sector);
        if (wire.HasTaxonomyClass) Add("taxonomy_class", wire.TaxonomyClass);
        if (wire.Severity is { } severity) Add("severity", CheckSeverity(severity));
        if (wire.HasStatus) Add("status", StatusText(wire.Status));
        if (wire.ReportedAt is { } reportedAt) Add("reported_at", EmbargoMapper.Instant(reportedAt, "summary.reported_at").UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture));
        if (wire.HasVendor) Add("vendor", wire.Vendor);
        if (wire.HasProduct) Add("product", wire.Product);
        if (wire.HasModelVersion) Add("model_version", wire.ModelVersion);
        if (wire.HasReporterName) Add("reporter_name", wire.ReporterName);
        if (wire.Ssvc is { } ssvc) Add("ssvc", CheckSsvc(ssvc).ToString());
        if (wire.HasComponent) Add("component", wire.Component);
        if (wire.HasFingerprint) Add("fingerprint", wire.Fingerprint);

        return new DomainSummary(id, wire.Revision, tlp, fields);
    }

    public static Federation.Core.Inbox.Withdrawal ToDomain(Wire.SummaryWithdrawal wire)
    {
        if (!FederationCaseId.TryParse(wire.FederationCaseId, out var id))
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"'{Excerpt(wire.FederationCaseId)}' is not a federation case id.", "withdrawal.federation_case_id");
        }

        return wire.Revision >= 0
            ? new Federation.Core.Inbox.Withdrawal(id, wire.Revision)
            : throw new FederationException(ErrorCode.InvalidArgument, "A withdrawal revision cannot be negative.", "withdrawal.revision");
    }

    public static Wire.CvssSeverity ToWire(string vector, CvssScore score) => new()
    {
        Vector = vector,
        ScoreTenths = score.Tenths,
        Rating = WireEnums.ToWire(score.Rating),
    };

    public static Wire.SsvcAssessment ToWire(SsvcAssessment ssvc) => new()
    {
        Exploitation = ssvc.Exploitation switch
        {
            SsvcExploitation.None => Wire.SsvcExploitation.None,
            SsvcExploitation.PublicPoc => Wire.SsvcExploitation.PublicPoc,
            _ => Wire.SsvcExploitation.Active,
        },
        Automatable = ssvc.Automatable == SsvcAutomatable.Yes ? Wire.SsvcAutomatable.Yes : Wire.SsvcAutomatable.No,
        TechnicalImpact = ssvc.TechnicalImpact == SsvcTechnicalImpact.Total ? Wire.SsvcTechnicalImpact.Total : Wire.SsvcTechnicalImpact.Partial,
        MissionWellbeing = ssvc.MissionWellbeing switch
        {
            SsvcMissionWellbeing.Low => Wire.SsvcMissionWellbeing.Low,
            SsvcMissionWellbeing.Medium => Wire.SsvcMissionWellbeing.Medium,
            _ => Wire.SsvcMissionWellbeing.High,
        },
        Decision = ssvc.Decision switch
        {
            SsvcDecision.Track => Wire.SsvcDecision.Track,
            SsvcDecision.TrackStar => Wire.SsvcDecision.TrackStar,
            SsvcDecision.Attend => Wire.SsvcDecision.Attend,
            _ => Wire.SsvcDecision.Act,
        },
    };

    private static void Set(Wire.CaseSummary wire, string name, string value)
    {
        switch (name)
        {
            case "title": wire.Title = value; break;
            case "synopsis": wire.Synopsis = value; break;
            case "sector": wire.Sector = value; break;
            case "taxonomy_class": wire.TaxonomyClass = value; break;
            case "severity":
                var vector = CvssV4Vector.Parse(value);
                wire.Severity = ToWire(value, CvssV4Scorer.Score(vector));
                break;
            case "status": wire.Status = StatusOf(value); break;
            case "reported_at":
                wire.ReportedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
                break;
            case "vendor": wire.Vendor = value; break;
            case "product": wire.Product = value; break;
            case "model_version": wire.ModelVersion = value; break;
            case "reporter_name": wire.ReporterName = value; break;
            case "ssvc": wire.Ssvc = ToWire(SsvcAssessment.Parse(value)); break;
            case "component": wire.Component = value; break;
            case "fingerprint": wire.Fingerprint = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "not a summary field");
        }
    }

    /// <summary>The vector, once its score and rating are found to be what FIRST's computation gives.</summary>
    private static string CheckSeverity(Wire.CvssSeverity severity)
    {
        if (!CvssV4Vector.TryParse(severity.Vector.AsSpan(), out var vector, out var error))
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"summary.severity.vector: {error}", "summary.severity.vector");
        }

        var score = CvssV4Scorer.Score(vector);
        if (severity.ScoreTenths != score.Tenths || severity.Rating != WireEnums.ToWire(score.Rating))
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"summary.severity claims {severity.ScoreTenths / 10m:0.0} {severity.Rating}, but its vector scores {score} {score.Rating} (CVSS v4.0).", "summary.severity.score_tenths");
        }

        return vector.ToString();
    }

    private static SsvcAssessment CheckSsvc(Wire.SsvcAssessment wire)
    {
        SsvcExploitation e = wire.Exploitation switch
        {
            Wire.SsvcExploitation.None => SsvcExploitation.None,
            Wire.SsvcExploitation.PublicPoc => SsvcExploitation.PublicPoc,
            Wire.SsvcExploitation.Active => SsvcExploitation.Active,
            _ => throw Unknown("exploitation", (int)wire.Exploitation),
        };
        SsvcAutomatable a = wire.Automatable switch
        {
            Wire.SsvcAutomatable.No => SsvcAutomatable.No,
            Wire.SsvcAutomatable.Yes => SsvcAutomatable.Yes,
            _ => throw Unknown("automatable", (int)wire.Automatable),
        };
        SsvcTechnicalImpact t = wire.TechnicalImpact switch
        {
            Wire.SsvcTechnicalImpact.Partial => SsvcTechnicalImpact.Partial,
            Wire.SsvcTechnicalImpact.Total => SsvcTechnicalImpact.Total,
            _ => throw Unknown("technical_impact", (int)wire.TechnicalImpact),
        };
        SsvcMissionWellbeing m = wire.MissionWellbeing switch
        {
            Wire.SsvcMissionWellbeing.Low => SsvcMissionWellbeing.Low,
            Wire.SsvcMissionWellbeing.Medium => SsvcMissionWellbeing.Medium,
            Wire.SsvcMissionWellbeing.High => SsvcMissionWellbeing.High,
            _ => throw Unknown("mission_wellbeing", (int)wire.MissionWellbeing),
        };
        var assessment = new SsvcAssessment(e, a, t, m);
        var expected = ToWire(assessment).Decision;
        return wire.Decision == expected
            ? assessment
            : throw new FederationException(ErrorCode.InvalidArgument,
                $"summary.ssvc claims the decision {wire.Decision}, but CISA's tree gives {expected} for these decision points.", "summary.ssvc.decision");
    }

    private static FederationException Unknown(string point, int value) =>
        new(ErrorCode.InvalidArgument, $"summary.ssvc.{point} is {(value == 0 ? "not given" : $"{value}, a value this node does not know")}.", $"summary.ssvc.{point}");

    private static string StatusText(Wire.CaseStatus status) =>
        WireEnums.ToDomain(status) is { } known
            ? known.ToString().ToLowerInvariant()
            // A newer peer's status is kept as its number: stored and shown, never guessed at.
            : ((int)status).ToString(CultureInfo.InvariantCulture);

    private static Wire.CaseStatus StatusOf(string text) =>
        System.Enum.TryParse<Core.Cases.CaseStatus>(text, ignoreCase: true, out var status) && System.Enum.IsDefined(status)
            ? WireEnums.ToWire(status)
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? (Wire.CaseStatus)number
            : Wire.CaseStatus.Unspecified;

    private static string Excerpt(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
