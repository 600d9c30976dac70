using System.Globalization;
using System.Text;

namespace Federation.Core;

/// <summary>
/// Makes text that may come from a partner safe for a status message, a log line or an audit detail: control
/// characters are escaped (a newline in a field name cannot forge a log line) and the length is capped (a 200 KB
/// value cannot become a 200 KB line or a response trailer too big for the caller to read).
/// </summary>
public static class BoundedText
{
    public const int StatusMessage = 1024;
    public const int AuditDetail = 4096;

    public static string Of(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        if (text.Length <= maxLength && !AnyNeedsEscape(text))
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 32);
        var i = 0;
        for (; i < text.Length && builder.Length < maxLength; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case var _ when NeedsEscape(c):
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case var _ when char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]):
                    // A pair goes whole or not at all: cut between its halves, it would be stored and hashed as U+FFFD.
                    builder.Append(c).Append(text[++i]);
                    break;
                default: builder.Append(c); break;
            }
        }

        if (i < text.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length - i} more characters)");
        }

        return builder.ToString();
    }

    /// <summary>
    /// The first <paramref name="maxLength"/> UTF-16 units of <paramref name="text"/>, one fewer where the cut would fall
    /// between the halves of a surrogate pair (the half left alone would be stored, and hashed, as U+FFFD).
    /// </summary>
    public static string Prefix(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var end = maxLength > 0 && char.IsHighSurrogate(text[maxLength - 1]) && char.IsLowSurrogate(text[maxLength]) ? maxLength - 1 : maxLength;
        return text[..end];
    }

    private static bool AnyNeedsEscape(string text)
    {
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                return true;
            }
        }

        return false;
    }

    // Control characters, and the Unicode line and paragraph separators some log viewers also break on.
    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
