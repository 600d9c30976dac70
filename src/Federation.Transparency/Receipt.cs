using System.Globalization;

namespace Federation.Transparency;

/// <summary>
/// A receiver's signed promise that its log holds, at <see cref="Index"/>, the leaf <see cref="LeafHash"/> recording
/// message <see cref="MessageId"/> whose signed bytes hash to <see cref="MessageDigest"/>. It is a C2SP signed note
/// signed with the receiver's log key; its text:
/// <code>
/// federation-receipt/v1
/// ORIGIN (the receiver's log)
/// index N
/// message MESSAGE-ID
/// digest HEX(SHA-256 of the envelope)
/// leaf BASE64(leaf hash)
/// time UNIX-MILLISECONDS
/// </code>
/// The sender keeps it. With an inclusion proof of that leaf in a checkpoint of the receiver's log (size &gt; N),
/// anyone can check that the receiver logged the message; with the leaf's fields (from an export) that the leaf is
/// about that message.
/// </summary>
public sealed record Receipt(string Origin, long Index, string MessageId, byte[] MessageDigest, byte[] LeafHash, DateTimeOffset At)
{
    public const string Header = "federation-receipt/v1";

    public string ToText()
    {
        if (!SignedNote.IsValidKeyName(Origin) || !SignedNote.IsValidKeyName(MessageId) || MessageDigest.Length != 32 || LeafHash.Length != MerkleHash.Size)
        {
            throw new FormatException("A receipt names a log and a message without spaces, and carries two 32-byte hashes.");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{Header}\n{Origin}\nindex {Index}\nmessage {MessageId}\ndigest {Convert.ToHexStringLower(MessageDigest)}\nleaf {Convert.ToBase64String(LeafHash)}\ntime {At.ToUnixTimeMilliseconds()}\n");
    }

    public static Receipt Parse(string text)
    {
        var lines = (text ?? string.Empty).Split('\n');
        if (lines.Length != 8 || lines[0] != Header || lines[^1].Length != 0)
        {
            throw new FormatException($"A receipt is seven lines, the first \"{Header}\".");
        }

        try
        {
            var index = long.Parse(Value(lines[2], "index"), NumberStyles.None, CultureInfo.InvariantCulture);
            var digest = Convert.FromHexString(Value(lines[4], "digest"));
            var leaf = Convert.FromBase64String(Value(lines[5], "leaf"));
            var millis = long.Parse(Value(lines[6], "time"), NumberStyles.None, CultureInfo.InvariantCulture);
            var receipt = new Receipt(lines[1], index, Value(lines[3], "message"), digest, leaf, DateTimeOffset.FromUnixTimeMilliseconds(millis));
            return receipt.ToText() == text ? receipt : throw new FormatException("A receipt is written in its one canonical form.");
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            throw new FormatException("A receipt's numbers are out of range.", ex);
        }
    }

    /// <summary>Opens a signed receipt: the receiver's signature must verify with its log key.</summary>
    public static Receipt Open(string signedNote, NoteKey receiverKey)
    {
        var note = SignedNote.Parse(signedNote);
        var receipt = Parse(note.Text);
        if (!string.Equals(receipt.Origin, receiverKey.Name, StringComparison.Ordinal))
        {
            throw new FormatException($"The receipt is of log {receipt.Origin}, not {receiverKey.Name}.");
        }

        var known = note.Signatures.Where(s => string.Equals(s.KeyName, receiverKey.Name, StringComparison.Ordinal) && s.KeyId == receiverKey.KeyId).ToList();
        if (known.Count == 0 || !known.All(s => receiverKey.Verify(note.Text, s.Signature)))
        {
            throw new FormatException($"The receipt carries no valid signature of {receiverKey.Name}.");
        }

        return receipt;
    }

    private static string Value(string line, string name) =>
        line.StartsWith(name + " ", StringComparison.Ordinal) ? line[(name.Length + 1)..] : throw new FormatException($"A receipt's line \"{name} …\" is missing.");
}
