using Federation.Core.Sharing;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>Share decisions and explanations, for the node's own operators.</summary>
public static class ShareMapper
{
    public static Wire.ShareDecision ToWire(ShareOutcome outcome)
    {
        var evaluation = outcome.Evaluation;
        var decision = new Wire.ShareDecision
        {
            Partner = evaluation.Partner.Value,
            Shared = evaluation.Allowed,
            AlreadyShared = outcome.AlreadyShared,
            TreatyId = evaluation.Treaty?.Id ?? string.Empty,
            TreatyVersion = evaluation.Treaty?.Version ?? 0,
            MessageId = outcome.MessageId ?? string.Empty,
            Revision = evaluation.Summary?.Revision ?? 0,
        };
        decision.Fields.AddRange(WireEnums.ToWireFields(evaluation.Summary?.Fields.Select(f => f.Key) ?? []));
        if (evaluation.Refusal is not null)
        {
            decision.Reasons.Add(evaluation.Refusal);
        }

        if (outcome.AlreadyShared)
        {
            decision.Reasons.Add($"revision {decision.Revision} was already shared with {decision.Partner}; nothing new was sent");
        }

        decision.Reasons.AddRange(evaluation.Decisions.Where(d => !d.Flows && d.Reason != evaluation.Refusal).Select(d => $"{d.Field}: {d.Reason}"));
        return decision;
    }

    public static Wire.ShareExplanation ToWire(Core.Cases.Case @case, ShareEvaluation evaluation)
    {
        var explanation = new Wire.ShareExplanation
        {
            FederationCaseId = @case.Id,
            Partner = evaluation.Partner.Value,
            WouldShare = evaluation.Allowed,
            Refusal = evaluation.Refusal ?? string.Empty,
            GoverningTreatyId = evaluation.Treaty?.Id ?? string.Empty,
            GoverningTreatyVersion = evaluation.Treaty?.Version ?? 0,
            Revision = @case.Revision,
        };
        explanation.TreatiesConsidered.AddRange(evaluation.TreatiesConsidered.Select(t => new Wire.TreatyRef { TreatyId = t.Id, Version = t.Version }));
        explanation.Fields.AddRange(evaluation.Decisions.Select(d => new Wire.FieldExplanation { Field = WireEnums.ToWireField(d.Field), Flows = d.Flows, Reason = d.Reason }));
        return explanation;
    }
}
