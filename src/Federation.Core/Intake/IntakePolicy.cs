namespace Federation.Core.Intake;

/// <summary>
/// The statements this node shows, one per language. A submission must name the version it accepted for its
/// language, and only the current one is taken: a reporter who read an older text accepted something else.
/// </summary>
public sealed class IntakePolicy
{
    private readonly Dictionary<string, SafeHarbourStatement> _byLanguage;

    public IntakePolicy(IEnumerable<SafeHarbourStatement> statements)
    {
        _byLanguage = statements.ToDictionary(s => s.Language, StringComparer.Ordinal);
        if (_byLanguage.Count == 0)
        {
            throw new ArgumentException("An intake policy needs at least one statement.", nameof(statements));
        }
    }

    public IReadOnlyCollection<SafeHarbourStatement> Statements => _byLanguage.Values;

    /// <summary>The statement in <paramref name="language"/>, or null where none is configured (the page then offers another).</summary>
    public SafeHarbourStatement? For(string language) => _byLanguage.GetValueOrDefault(language);

    /// <summary>The statement the submission accepted; refuses an unknown language, a missing one or an outdated version.</summary>
    public SafeHarbourStatement RequireAccepted(string language, string? acceptedVersion)
    {
        var statement = For(language) ?? throw new FederationException(ErrorCode.InvalidArgument,
            $"This node has no safe-harbour statement in '{language}'; write in one of {string.Join(", ", _byLanguage.Keys.Order(StringComparer.Ordinal))}.", "language");
        if (string.IsNullOrWhiteSpace(acceptedVersion))
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                "The safe-harbour statement and disclosure policy must be read and accepted before a report is sent.", "accepted_policy_version");
        }

        if (!string.Equals(acceptedVersion.Trim(), statement.Version, StringComparison.Ordinal))
        {
            var shown = acceptedVersion.Length <= 32 ? acceptedVersion : string.Concat(acceptedVersion.AsSpan(0, 32), "…");
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"The policy version accepted ('{shown}') is not the current one ('{statement.Version}') for '{language}': read the current text and accept it.",
                "accepted_policy_version");
        }

        return statement;
    }
}
