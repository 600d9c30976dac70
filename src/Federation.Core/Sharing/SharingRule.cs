using Federation.Core.Cases;
using Federation.Core.Identity;
using Federation.Core.Treaties;

namespace Federation.Core.Sharing;

/// <summary>
/// The one rule about what may cross a border. The sender calls <see cref="Evaluate"/> to build a
/// summary; the receiver calls <see cref="CheckIncoming"/> on what arrived. Both read the same
/// <see cref="AllowedFields"/>, so a summary one side builds is exactly what the other side accepts.
/// </summary>
public static class SharingRule
{
    /// <summary>
    /// The fields and the TLP ceiling that every given treaty allows for a case labelled
    /// <paramref name="tlp"/>: where several treaties apply, the most restrictive wins (intersection
    /// of fields, lowest ceiling). The governing treaty named on the wire is the narrowest one.
    /// </summary>
    public static (IReadOnlySet<string> Fields, Tlp MaxTlp, Treaty Governing) AllowedFields(IReadOnlyList<Treaty> treaties, Tlp tlp)
    {
        if (treaties.Count == 0)
        {
            throw new ArgumentException("At least one treaty is needed.", nameof(treaties));
        }

        var fields = new HashSet<string>(treaties[0].FieldsFor(tlp), StringComparer.Ordinal);
        var maxTlp = treaties[0].MaxTlp;
        foreach (var treaty in treaties.Skip(1))
        {
            fields.IntersectWith(treaty.FieldsFor(tlp));
            maxTlp = (Tlp)Math.Min((int)maxTlp, (int)treaty.MaxTlp);
        }

        // The narrowest treaty governs; ties go to the lowest ceiling, then the lowest id, so both ends name the same one.
        var governing = treaties[0];
        foreach (var treaty in treaties.Skip(1))
        {
            var (count, best) = (treaty.FieldsFor(tlp).Count, governing.FieldsFor(tlp).Count);
            if (count < best
                || (count == best && (treaty.MaxTlp < governing.MaxTlp
                    || (treaty.MaxTlp == governing.MaxTlp && string.CompareOrdinal(treaty.Id, governing.Id) < 0))))
            {
                governing = treaty;
            }
        }

        return (fields, maxTlp, governing);
    }

    public static ShareEvaluation Evaluate(Case @case, JurisdictionCode partner, IReadOnlyList<Treaty> treatiesInForce)
    {
        if (treatiesInForce.Count == 0)
        {
            return Refuse(partner, null, $"no treaty in force binds this node and {partner}", treatiesInForce);
        }

        // A treaty whose scope (sectors, taxonomy classes, minimum severity) does not cover the case does not apply to it.
        var facts = ScopeFacts.Of(@case);
        List<string>? outside = null;
        var applicable = new List<Treaty>(treatiesInForce.Count);
        foreach (var treaty in treatiesInForce)
        {
            var miss = facts.FirstMiss(treaty.Scope, unknownPasses: false);
            if (miss is null)
            {
                applicable.Add(treaty);
            }
            else
            {
                (outside ??= []).Add($"{treaty}: {miss}");
            }
        }

        if (applicable.Count == 0)
        {
            return Refuse(partner, null, $"outside the scope of every treaty in force ({string.Join("; ", outside!)})", treatiesInForce);
        }

        var (allowed, maxTlp, governing) = AllowedFields(applicable, @case.Tlp);

        // Carve-outs first: they override every treaty.
        if (@case.NationalSecurity)
        {
            return Refuse(partner, governing, "carve-out: the case is flagged national-security and never leaves this node", applicable);
        }

        if (@case.Tlp == Tlp.Red)
        {
            return Refuse(partner, governing, "TLP:RED: the case never leaves this node", applicable);
        }

        if (@case.Tlp > maxTlp)
        {
            return Refuse(partner, governing, $"TLP:{@case.Tlp.ToLabel()} is above what {governing} allows (TLP:{maxTlp.ToLabel()})", applicable);
        }

        if (!@case.HasConsent(ConsentScope.ShareSummary))
        {
            return Refuse(partner, governing, $"the reporter has not given consent '{ConsentScope.ShareSummary}'", applicable);
        }

        treatiesInForce = applicable;
        // Reasons are built once per evaluation, not once per field: the rule runs on every share and status query.
        var reasons = new Reasons(DescribeTreaties(treatiesInForce));
        var fields = new List<KeyValuePair<string, string>>(SummaryField.All.Count);
        var withheld = new List<WithheldField>(SummaryField.All.Count);
        var decisions = new List<FieldDecision>(SummaryField.All.Count);
        foreach (var field in SummaryField.All)
        {
            var reason = WithholdReason(@case, field, allowed, treatiesInForce, reasons) ?? field.WithholdUnder?.Invoke(@case, governing);
            if (reason is not null)
            {
                withheld.Add(new WithheldField(field.Name, reason));
                decisions.Add(new FieldDecision(field.Name, false, reason));
                continue;
            }

            var value = field.ReadUnder is { } readUnder ? readUnder(@case, governing) : field.Read(@case);
            if (string.IsNullOrEmpty(value))
            {
                decisions.Add(new FieldDecision(field.Name, false, "allowed, but the case has no value for it"));
                continue;
            }

            fields.Add(new(field.Name, value));
            decisions.Add(new FieldDecision(field.Name, true, reasons.Allowed(field.RequiredConsent)));
        }

        if (fields.Count == 0)
        {
            // An empty record is never sent: it would only tell the partner that a case exists.
            return new ShareEvaluation(partner, governing, null, "every field was withheld", withheld)
            {
                Decisions = decisions,
                TreatiesConsidered = treatiesInForce,
            };
        }

        var summary = new CaseSummary(@case.FederationId, @case.Revision, @case.Tlp, fields);
        return new ShareEvaluation(partner, governing, summary, null, withheld) { Decisions = decisions, TreatiesConsidered = treatiesInForce };
    }

    private static string? WithholdReason(Case @case, SummaryField field, IReadOnlySet<string> allowed, IReadOnlyList<Treaty> treaties, Reasons reasons)
    {
        if (!allowed.Contains(field.Name))
        {
            return reasons.NotAllowed;
        }

        if (!@case.HasConsent(field.RequiredConsent))
        {
            return reasons.NeedsConsent(field.RequiredConsent);
        }

        foreach (var treaty in treaties)
        {
            if (treaty.ExtraConsent.Count > 0 && treaty.ExtraConsent.TryGetValue(field.Name, out var extra))
            {
                foreach (var scope in extra)
                {
                    if (!@case.HasConsent(scope))
                    {
                        return $"needs consent '{scope}' under {treaty}";
                    }
                }
            }
        }

        if (@case.ContainsPersonalData && field == SummaryField.Synopsis)
        {
            return "carve-out: the case is flagged as containing personal data, so free text stays home";
        }

        return null;
    }

    /// <summary>
    /// The receiver's check of a summary that arrived from <paramref name="sender"/> under
    /// <paramref name="named"/>. The receiver sees only the summary, so a treaty's scope counts here
    /// only when the fields it filters on are visible: every treaty that visibly applies, and the
    /// named one, must allow each field. That is never stricter than what the sender applied (it knew
    /// the whole case), so what a correct sender builds is always accepted; a field that no visibly
    /// applicable treaty allows is caught at the border. Throws naming the first offending field;
    /// <see cref="TryCheckIncoming"/> answers the same without throwing.
    /// </summary>
    public static void CheckIncoming(CaseSummary summary, JurisdictionCode sender, IReadOnlyList<Treaty> treatiesInForce, Treaty? named = null)
    {
        if (!TryCheckIncoming(summary, sender, treatiesInForce, named, out var refusal))
        {
            throw refusal.ToException();
        }
    }

    /// <summary>
    /// <see cref="CheckIncoming"/> as a decision: false with the refusal (the first offending field)
    /// instead of an exception, for the receive path where refusing a partner's envelope is an expected outcome.
    /// </summary>
    public static bool TryCheckIncoming(
        CaseSummary summary, JurisdictionCode sender, IReadOnlyList<Treaty> treatiesInForce, Treaty? named, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Refusal? refusal)
    {
        refusal = null;
        if (treatiesInForce.Count == 0)
        {
            refusal = new Refusal(ErrorCode.NotAParty,
                $"No treaty in force binds {sender} and this node; nothing may be delivered.");
            return false;
        }

        if (summary.CaseId.Origin != sender)
        {
            refusal = new Refusal(ErrorCode.PermissionDenied,
                $"{sender} may only send summaries of its own cases; {summary.CaseId} originates in {summary.CaseId.Origin}.");
            return false;
        }

        var facts = ScopeFacts.Of(summary);
        var governing = named ?? treatiesInForce[0];
        if (facts.FirstMiss(governing.Scope, unknownPasses: true) is { } contradiction)
        {
            refusal = new Refusal(ErrorCode.TreatyFieldNotAllowed,
                $"The summary is outside the scope of {governing}: {contradiction}.", "treaty_id");
            return false;
        }

        var applicable = treatiesInForce.Count == 1 && treatiesInForce[0] == governing
            ? treatiesInForce
            : treatiesInForce.Where(t => t != governing && facts.FirstMiss(t.Scope, unknownPasses: false) is null).Prepend(governing).ToList();
        IReadOnlySet<string> allowed;
        Tlp maxTlp;
        if (applicable.Count == 1 && OrdinalFieldsOf(governing, summary.Tlp) is { } alone)
        {
            (allowed, maxTlp) = (alone, governing.MaxTlp);
        }
        else
        {
            (allowed, maxTlp, _) = AllowedFields(applicable, summary.Tlp);
        }

        if (summary.Tlp == Tlp.Red || summary.Tlp > maxTlp)
        {
            refusal = new Refusal(ErrorCode.TreatyFieldNotAllowed,
                $"A TLP:{summary.Tlp.ToLabel()} summary may not cross under {DescribeTreaties(applicable)} (ceiling TLP:{maxTlp.ToLabel()}).", "tlp");
            return false;
        }

        if (summary.Fields.Count == 0)
        {
            refusal = new Refusal(ErrorCode.InvalidArgument, "The summary carries no field; an empty record is never sent.", "fields");
            return false;
        }

        for (var i = 0; i < summary.Fields.Count; i++)
        {
            var name = summary.Fields[i].Key;
            if (!allowed.Contains(name))
            {
                refusal = new Refusal(ErrorCode.TreatyFieldNotAllowed,
                    $"Field '{name}' is not allowed at TLP:{summary.Tlp.ToLabel()} by {DescribeTreaties(applicable)} between {sender} and this node.", name);
                return false;
            }

            if (AppearsBefore(summary.Fields, name, i))
            {
                refusal = new Refusal(ErrorCode.InvalidArgument, $"Field '{name}' appears twice.", name);
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The treaty's own set of fields for <paramref name="tlp"/> when it compares names ordinally, as the intersection
    /// <see cref="AllowedFields"/> builds does (so it answers every name the same); null otherwise. Under a single
    /// applicable treaty, the common case, the receive path then builds no set per envelope (issue 13).
    /// </summary>
    private static IReadOnlySet<string>? OrdinalFieldsOf(Treaty treaty, Tlp tlp) => treaty.FieldsFor(tlp) switch
    {
        HashSet<string> set when IsOrdinal(set.Comparer) => set,
        System.Collections.Frozen.FrozenSet<string> set when IsOrdinal(set.Comparer) => set,
        _ => null,
    };

    private static bool IsOrdinal(IEqualityComparer<string> comparer) =>
        ReferenceEquals(comparer, StringComparer.Ordinal) || ReferenceEquals(comparer, EqualityComparer<string>.Default);

    /// <summary>
    /// Whether a field before <paramref name="index"/> has <paramref name="name"/>, without a set per envelope. Bounded
    /// whatever a partner sends: the loop above stops at the first field not allowed or seen before, so it never runs
    /// past the treaty's few dozen allowed names, and this scan stays within their square.
    /// </summary>
    private static bool AppearsBefore(IReadOnlyList<KeyValuePair<string, string>> fields, string name, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(fields[j].Key, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The reason texts of one evaluation, made once and shared by the fields they apply to.</summary>
    private sealed class Reasons(string treaties)
    {
        private readonly Dictionary<string, string> _allowed = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _needs = new(StringComparer.Ordinal);

        public string NotAllowed { get; } = $"not allowed by {treaties}";

        public string Allowed(string consent) =>
            _allowed.TryGetValue(consent, out var text) ? text : _allowed[consent] = $"allowed by {treaties}; consent '{consent}' given";

        public string NeedsConsent(string consent) =>
            _needs.TryGetValue(consent, out var text) ? text : _needs[consent] = $"needs consent '{consent}'";
    }

    private static ShareEvaluation Refuse(JurisdictionCode partner, Treaty? treaty, string reason, IReadOnlyList<Treaty> considered) =>
        new(partner, treaty, null, reason, [])
        {
            Decisions = [.. SummaryField.All.Select(f => new FieldDecision(f.Name, false, reason))],
            TreatiesConsidered = considered,
        };

    private static string DescribeTreaties(IReadOnlyList<Treaty> treaties) =>
        treaties.Count == 1 ? $"treaty {treaties[0]}" : $"treaties {string.Join(" and ", treaties)} (the most restrictive wins)";
}
