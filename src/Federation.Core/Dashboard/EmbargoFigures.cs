namespace Federation.Core.Dashboard;

/// <summary>
/// The share of embargoes kept. Counted over published cases whose embargo every participant had agreed to:
/// kept means the embargo ended by its origin's lift (before or at the agreed end), so every party published
/// together as planned; broken means a participant broke it (exploited in the wild, leaked). An embargo that was
/// only proposed, never agreed, promised nothing and is not counted; neither is one a case is still under (it is
/// not published). <see cref="KeptShare"/> is null when no embargo was counted.
/// </summary>
public sealed record EmbargoFigures(int Kept, int Broken)
{
    public int Counted => Kept + Broken;

    /// <summary>Kept over counted, 0 to 1.</summary>
    public double? KeptShare => Counted == 0 ? null : (double)Kept / Counted;
}
