namespace Federation.Core.Transparency;

/// <summary>
/// The unit of work held a fork of a log that has an open fork already: another witness on the same store (a replica)
/// recorded it first, with its audit entry and alert. Thrown by the store for that rule alone
/// (<see cref="ILogForkStore.Add"/>), so that no other failure of the save is taken for it.
/// </summary>
public sealed class ForkRecordedAlreadyException()
    : Exception("The log has an open fork recorded already (a log has one open fork at a time); nothing was saved.")
{
}
