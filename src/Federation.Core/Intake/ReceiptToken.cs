using System.Security.Cryptography;
using System.Text;

namespace Federation.Core.Intake;

/// <summary>
/// The reporter's receipt: 32 random bytes (256 bits) as base64url, shown once and stored only as its SHA-256.
/// A plain, unsalted hash is enough here because the token is high-entropy: nobody can enumerate 2^256
/// candidates, so a slow password hash (which protects low-entropy secrets) would only cost time at each
/// status request. The hash is also the lookup key, so a stolen database yields no token.
/// </summary>
public static class ReceiptToken
{
    public const int Bytes = 32;

    public static (string Token, byte[] Hash) New()
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(Bytes));
        return (token, Hash(token));
    }

    /// <summary>The stored form of a token as given (trimmed). Any text hashes, so a malformed token takes the same path as a wrong one.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim()));

    /// <summary>Compares in constant time: how much of a guess matched is never visible in the timing.</summary>
    public static bool Matches(byte[] storedHash, byte[] candidateHash) =>
        CryptographicOperations.FixedTimeEquals(storedHash, candidateHash);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
