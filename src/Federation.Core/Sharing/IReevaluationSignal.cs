namespace Federation.Core.Sharing;

/// <summary>
/// Asks for every shared case to be re-evaluated against the treaties in force, later and elsewhere:
/// whoever noticed the change (the inbox writer, a treaty install, the review clock) returns at once.
/// Requests made while a re-evaluation runs coalesce into one more run.
/// </summary>
public interface IReevaluationSignal
{
    void Request();
}
