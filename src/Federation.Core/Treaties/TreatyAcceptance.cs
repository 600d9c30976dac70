using Federation.Core.Identity;

namespace Federation.Core.Treaties;

/// <summary>
/// What a treaty must satisfy before this node takes it, whoever asks (startup, install, validate): this
/// node is a party, every other party has a pinned trust anchor, and anchors the treaty binds match the pins.
/// Written once so that the three callers can never disagree.
/// </summary>
public static class TreatyAcceptance
{
    public static IReadOnlyList<TreatyProblem> Check(Treaty treaty, JurisdictionCode self, TrustAnchors anchors)
    {
        var problems = new List<TreatyProblem>();
        if (!treaty.IsParty(self))
        {
            problems.Add(new TreatyProblem("parties", null, $"Treaty {treaty} does not name this node's jurisdiction {self} among its parties."));
        }

        foreach (var party in treaty.Parties.Where(p => p != self && !anchors.ByJurisdiction.ContainsKey(p)).OrderBy(p => p.Value, StringComparer.Ordinal))
        {
            problems.Add(new TreatyProblem("parties", party,
                $"Treaty {treaty} names {party} as a party, but no trust anchor is pinned for {party} (Federation:Partners:{party}:TrustAnchor)."));
        }

        if (treaty.AnchorMismatch(anchors) is { } mismatch)
        {
            problems.Add(new TreatyProblem("anchors", null, $"Treaty {treaty}: {mismatch}."));
        }

        return problems;
    }
}
