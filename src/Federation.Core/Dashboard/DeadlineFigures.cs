namespace Federation.Core.Dashboard;

/// <summary>
/// Deadlines of published cases under one regime: met (done by the deadline), missed (done late, or still not done
/// once due) and pending (not yet due, not yet done).
/// </summary>
public sealed record DeadlineFigures(DeadlineRegimeKind Kind, string Regime, int Met, int Missed, int Pending)
{
    /// <summary>The CRA regime's name in the feed.</summary>
    public const string CraRegime = "cra";

    /// <summary>Met over met plus missed, 0 to 1; null while none is settled.</summary>
    public double? MetShare => Met + Missed == 0 ? null : (double)Met / (Met + Missed);
}
