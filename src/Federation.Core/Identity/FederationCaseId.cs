using System.Diagnostics.CodeAnalysis;

namespace Federation.Core.Identity;

/// <summary>
/// The id partners know a case by: origin jurisdiction, a dash, a ULID (e.g. FR-01JD3…).
/// Global by construction; never a local row number. Parsing accepts any letter case and gives the
/// canonical upper-case form: jurisdiction codes and Crockford base32 are case-insensitive, and an
/// operator who types "fr-01jd3…" means FR-01JD3….
/// </summary>
public readonly record struct FederationCaseId(JurisdictionCode Origin, string Unique)
{
    public static FederationCaseId New(JurisdictionCode origin, TimeProvider timeProvider) =>
        new(origin, Ulid.NewUlid(timeProvider));

    public static FederationCaseId Parse(string? text) =>
        TryParse(text, out var id)
            ? id
            : throw new FederationException(ErrorCode.InvalidArgument,
                $"'{text}' is not a federation case id: expected a jurisdiction, a dash and a 26-character ULID, e.g. FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F.");

    public static bool TryParse([NotNullWhen(true)] string? text, out FederationCaseId id)
    {
        id = default;
        var trimmed = text?.Trim();
        if (trimmed is null || trimmed.Length != 29 || trimmed[2] != '-')
        {
            return false;
        }

        // TryParse trims, so "F " would pass as "F": check the two characters are letters first.
        if (!char.IsAsciiLetter(trimmed[0]) || !char.IsAsciiLetter(trimmed[1]) || !JurisdictionCode.TryParse(trimmed[..2], out var origin))
        {
            return false;
        }

        var unique = Ulid.Normalize(trimmed.AsSpan(3));
        if (unique is null)
        {
            return false;
        }

        id = new FederationCaseId(origin, unique);
        return true;
    }

    public override string ToString() => $"{Origin.Value}-{Unique}";
}
