using Federation.Core.Dashboard;

namespace Federation.Node.Public.Dashboard;

/// <summary>What the case partial renders: one published case, in one language, as a list entry or its own page.</summary>
public sealed record CaseView(DashboardCase Case, DashboardFormat Format, bool Detailed);
