namespace Federation.Core.Identity;

/// <summary>Global message ids: origin jurisdiction, "-M-", a ULID. Redelivery keeps the id.</summary>
public static class MessageId
{
    public static string New(JurisdictionCode origin, TimeProvider timeProvider) =>
        $"{origin.Value}-M-{Ulid.NewUlid(timeProvider)}";

    /// <summary>
    /// Checks an id a partner sent. Only the canonical upper-case form is valid: the id is the key a
    /// receiver deduplicates on, and the origin wrote it, so a different spelling is a broken sender.
    /// </summary>
    public static bool IsValid(string? text, JurisdictionCode origin) =>
        text is { Length: 31 }
        && text.StartsWith(origin.Value, StringComparison.Ordinal)
        && text.AsSpan(2, 3).SequenceEqual("-M-")
        && Ulid.IsValid(text.AsSpan(5));

    /// <summary>
    /// Reads an id an operator typed (e.g. a signal id to accept), in any letter case, as its
    /// canonical form: "de-m-01jd3…" is DE-M-01JD3…. False if it is not a message id of any origin.
    /// </summary>
    public static bool TryNormalize(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? id)
    {
        id = null;
        var trimmed = text?.Trim();
        if (trimmed is not { Length: 31 }
            || !char.IsAsciiLetter(trimmed[0]) || !char.IsAsciiLetter(trimmed[1])
            || !JurisdictionCode.TryParse(trimmed[..2], out var origin)
            || !trimmed.AsSpan(2, 3).Equals("-M-", StringComparison.OrdinalIgnoreCase)
            || Ulid.Normalize(trimmed.AsSpan(5)) is not { } unique)
        {
            return false;
        }

        id = $"{origin.Value}-M-{unique}";
        return true;
    }
}
