namespace Federation.Core.Inbox;

/// <summary>
/// How old an envelope may be when it arrives. Older ones are refused, so a captured envelope cannot be replayed
/// years later under a fresh message id, and the record of message ids seen can be pruned instead of growing forever.
/// An origin re-seals (same message id, new creation time) what is still undelivered at half the window, so a partner
/// offline for weeks still receives it.
/// </summary>
public sealed record ReplayWindow(TimeSpan MaxAge)
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(14);

    /// <summary>Past this age an origin re-seals an undelivered envelope before the next attempt.</summary>
    public TimeSpan ResealAfter => MaxAge / 2;

    /// <summary>
    /// How long a message id is remembered: twice the window, so that a re-sealed copy of a message processed before
    /// (its acknowledgement lost) is still recognised, and one older than that would be refused for its age anyway.
    /// </summary>
    public TimeSpan Retention => MaxAge * 2;
}
