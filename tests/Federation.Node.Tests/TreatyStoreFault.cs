namespace Federation.Node.Tests;

/// <summary>Makes the next read of the treaty versions throw once, and tells when that happened and when the store was read again.</summary>
public sealed class TreatyStoreFault
{
    private int _armed;

    public TaskCompletionSource Thrown { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ReadAgain { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Arm() => Volatile.Write(ref _armed, 1);

    public void OnRead()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Thrown.TrySetResult();
            // Not a FederationException, not an InvalidOperationException: what no loop expects.
            throw new InvalidDataException("injected fault: the treaty store returned something unreadable");
        }

        if (Thrown.Task.IsCompleted)
        {
            ReadAgain.TrySetResult();
        }
    }
}
