using System.Security.Cryptography;

namespace Federation.Core.Identity;

/// <summary>
/// ULID text (26 Crockford base32 characters: 48 bits of milliseconds, 80 random bits).
/// Sortable by creation time and unique without coordination, so ids made on two nodes never collide.
/// </summary>
public static class Ulid
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string NewUlid(TimeProvider timeProvider)
    {
        Span<byte> bytes = stackalloc byte[16];
        var millis = (ulong)timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(millis & 0xFF);
            millis >>= 8;
        }

        RandomNumberGenerator.Fill(bytes[6..]);
        return Encode(bytes);
    }

    /// <summary>
    /// The canonical (upper-case) text of a ULID typed in any case, or null if it is not one.
    /// Crockford base32 is case-insensitive; the canonical form is what is stored and compared.
    /// </summary>
    public static string? Normalize(ReadOnlySpan<char> text)
    {
        Span<char> upper = stackalloc char[26];
        if (text.Length != 26)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            upper[i] = char.IsAsciiLetterLower(text[i]) ? char.ToUpperInvariant(text[i]) : text[i];
        }

        return IsValid(upper) ? new string(upper) : null;
    }

    /// <summary>True for a ULID in its canonical upper-case form only (what nodes put on the wire).</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        if (text.Length != 26 || text[0] > '7')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!Alphabet.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        // 128 bits as 26 base32 digits, most significant first (the first digit carries 3 bits).
        var high = ((UInt128)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes) << 64)
                   | System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        return string.Create(26, high, static (chars, value) =>
        {
            for (var i = 25; i >= 0; i--)
            {
                chars[i] = Alphabet[(int)(value & 31)];
                value >>= 5;
            }
        });
    }
}
