using Federation.Core.Intake;
using Google.Protobuf.WellKnownTypes;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>Intake reports and their threads, domain to wire (the admin service only reads them out).</summary>
public static class IntakeMapper
{
    public static Wire.IntakeReportSummary ToWire(IntakeListing listing) => new()
    {
        FederationCaseId = listing.Report.CaseId,
        Title = listing.Title,
        Language = listing.Report.Language,
        PolicyVersion = listing.Report.PolicyVersion,
        Progress = ToWire(IntakeProgressMap.From(listing.Status, listing.Status == Core.Cases.CaseStatus.Published)),
        ReceivedAt = Timestamp.FromDateTimeOffset(listing.Report.ReceivedAt),
        LastActivityAt = Timestamp.FromDateTimeOffset(listing.Report.LastActivityAt),
        Messages = listing.Messages,
    };

    public static Wire.IntakeReportDetail ToWire(IntakeReport report, IntakeStatusView view)
    {
        var detail = new Wire.IntakeReportDetail
        {
            Report = new Wire.IntakeReportSummary
            {
                FederationCaseId = view.CaseId,
                Title = view.Title,
                Language = view.Language,
                PolicyVersion = view.PolicyVersion,
                Progress = ToWire(view.Progress),
                ReceivedAt = Timestamp.FromDateTimeOffset(view.ReceivedAt),
                LastActivityAt = Timestamp.FromDateTimeOffset(report.LastActivityAt),
                Messages = view.Messages.Count,
            },
        };
        detail.Messages.AddRange(view.Messages.Select(ToWire));
        detail.Attachments.AddRange(view.Attachments.Select(a => new Wire.IntakeAttachment
        {
            Id = a.Id, FileName = a.FileName, ContentType = a.ContentType, Length = a.Length, Sha256 = a.Sha256,
        }));
        foreach (var (field, language) in report.FieldLanguages)
        {
            detail.FieldLanguages[field] = language;
        }

        return detail;
    }

    public static Wire.IntakeMessage ToWire(IntakeMessage message) => new()
    {
        Id = message.Id,
        Side = message.Side == IntakeSide.Reporter ? Wire.IntakeSide.Reporter : Wire.IntakeSide.Authority,
        Author = message.Author,
        Language = message.Language,
        Text = message.Text,
        At = Timestamp.FromDateTimeOffset(message.At),
    };

    public static Wire.IntakeProgress ToWire(IntakeProgress progress) => progress switch
    {
        IntakeProgress.Received => Wire.IntakeProgress.Received,
        IntakeProgress.Triaged => Wire.IntakeProgress.Triaged,
        IntakeProgress.Coordinating => Wire.IntakeProgress.Coordinating,
        IntakeProgress.Published => Wire.IntakeProgress.Published,
        IntakeProgress.Closed => Wire.IntakeProgress.Closed,
        _ => Wire.IntakeProgress.Unspecified,
    };
}
