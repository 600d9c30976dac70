namespace Federation.Core;

/// <summary>A reason an operator gives for an audited decision (a suspension, a fork cleared): required, one line of printable text, bounded.</summary>
public static class OperatorReason
{
    /// <summary>The longest reason kept: enough for a sentence and a ticket reference, short enough for a table.</summary>
    public const int MaxLength = 500;

    /// <param name="reason">As typed.</param>
    /// <param name="whenMissing">What the refusal says when there is none: what needs it, and where it goes.</param>
    /// <exception cref="FederationException">INVALID_ARGUMENT on field "reason": empty, or longer than <see cref="MaxLength"/>.</exception>
    public static string Check(string? reason, string whenMissing)
    {
        var trimmed = reason?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new FederationException(ErrorCode.InvalidArgument, whenMissing, "reason");
        }

        if (trimmed.Length > MaxLength)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"The reason is {trimmed.Length} characters long; at most {MaxLength} are kept.", "reason");
        }

        // Escaped like any text that reaches a log line or an audit detail: no control character forges a line.
        return BoundedText.Of(trimmed, MaxLength * 2);
    }
}
