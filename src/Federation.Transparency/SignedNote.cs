using System.Buffers.Binary;
using System.Text;

namespace Federation.Transparency;

/// <summary>
/// A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, then one line per
/// signature, "— " (U+2014, space), key name, space, base64 of a 4-byte key id and the signature.
/// Parsing is strict, since an auditor's verifier reads notes that may have been tampered with.
/// </summary>
public sealed class SignedNote
{
    private const string Dash = "\u2014 ";

    /// <summary>The spec asks verifiers to cap the signatures they read and to accept at least 16.</summary>
    public const int MaxSignatures = 64;

    public const int MaxLength = 1 << 20;

    // The note as Format writes it: made once (a batch's head is formatted into each of its receipts), or, for a parsed
    // note, the very text it was parsed from (Parse takes only the canonical form, so that text is what Format writes).
    private string? _formatted;

    public SignedNote(string text, IReadOnlyList<NoteSignature> signatures)
    {
        if (!IsValidText(text))
        {
            throw new FormatException("A note's text is non-empty UTF-8 without control characters but newlines, and ends in a newline.");
        }

        Text = text;
        // A copy: a note is a value, and its formatted text is kept.
        Signatures = [.. signatures];
    }

    /// <summary>The signed text, final newline included.</summary>
    public string Text { get; }

    public IReadOnlyList<NoteSignature> Signatures { get; }

    public SignedNote WithSignature(NoteSignature signature) => new(Text, [.. Signatures, signature]);

    public string Format() => _formatted ??= Write();

    private string Write()
    {
        var builder = new StringBuilder(Text).Append('\n');
        foreach (var signature in Signatures)
        {
            var payload = new byte[4 + signature.Signature.Length];
            BinaryPrimitives.WriteUInt32BigEndian(payload, signature.KeyId);
            signature.Signature.CopyTo(payload, 4);
            builder.Append(Dash).Append(signature.KeyName).Append(' ').Append(Convert.ToBase64String(payload)).Append('\n');
        }

        return builder.ToString();
    }

    public static SignedNote Parse(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (note.Length > MaxLength)
        {
            throw new FormatException($"A note is at most {MaxLength} characters.");
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new FormatException("A signed note has a blank line between its text and its signatures.");
        }

        var text = note[..(split + 1)];
        var lines = note[(split + 2)..].Split('\n');
        if (lines.Length < 2 || lines[^1].Length != 0)
        {
            throw new FormatException("A signed note has at least one signature line and ends in a newline.");
        }

        var signatures = new List<NoteSignature>();
        foreach (var line in lines[..^1])
        {
            if (signatures.Count == MaxSignatures)
            {
                throw new FormatException($"A note carries at most {MaxSignatures} signatures here.");
            }

            signatures.Add(ParseSignature(line));
        }

        return new SignedNote(text, signatures) { _formatted = note };
    }

    private static NoteSignature ParseSignature(string line)
    {
        if (!line.StartsWith(Dash, StringComparison.Ordinal))
        {
            throw new FormatException("A signature line starts with an em dash and a space.");
        }

        var rest = line[Dash.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || rest.IndexOf(' ', space + 1) >= 0)
        {
            throw new FormatException("A signature line is: em dash, space, key name, space, base64 signature.");
        }

        var name = rest[..space];
        if (!IsValidKeyName(name))
        {
            throw new FormatException("A key name is non-empty, without spaces or '+'.");
        }

        byte[] payload;
        try
        {
            payload = CanonicalBase64.Decode(rest[(space + 1)..]);
        }
        catch (FormatException)
        {
            throw new FormatException($"The signature of {name} is not base64.");
        }

        if (payload.Length < 5)
        {
            throw new FormatException($"The signature of {name} is shorter than its key id.");
        }

        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(payload), payload[4..]);
    }

    public static bool IsValidKeyName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || c == '+' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidText(string text)
    {
        if (text.Length == 0 || text[^1] != '\n')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c != '\n' && char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
