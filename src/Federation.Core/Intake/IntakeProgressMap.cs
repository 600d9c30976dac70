using Federation.Core.Cases;

namespace Federation.Core.Intake;

/// <summary>The one mapping from a case's status (and whether an advisory is public) to the reporter's stage.</summary>
public static class IntakeProgressMap
{
    public static IntakeProgress From(CaseStatus status, bool advisoryPublic) =>
        // An advisory that is public wins over the status field: the reporter should see it the moment it is out.
        advisoryPublic ? IntakeProgress.Published : status switch
        {
            CaseStatus.New => IntakeProgress.Received,
            CaseStatus.Triage => IntakeProgress.Triaged,
            CaseStatus.Coordinating => IntakeProgress.Coordinating,
            CaseStatus.Published => IntakeProgress.Published,
            CaseStatus.Closed => IntakeProgress.Closed,
            _ => IntakeProgress.Received,
        };
}
