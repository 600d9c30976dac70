using System.Security.Cryptography;
using Federation.Transparency;

namespace Federation.Core.Tests.Transparency;

public sealed class SignedNoteTests
{
    private static readonly Checkpoint Head = new("federation.audit/de", 20852163, SHA256.HashData("root"u8), DateTimeOffset.FromUnixTimeMilliseconds(1764650000123));

    [Fact]
    public void ACheckpoint_SignedByItsLog_OpensWithItsKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner("federation.audit/de", key);
        var note = signer.Sign(Head).Format();

        Assert.StartsWith("federation.audit/de\n20852163\n", note, StringComparison.Ordinal);
        Assert.Contains("\n\n\u2014 federation.audit/de ", note, StringComparison.Ordinal);
        var opened = CheckpointVerifier.Open(note, NoteKey.Parse(signer.PublicKey.ToString()));
        Assert.Equal(Head.Size, opened.Size);
        Assert.Equal(Head.RootHash, opened.RootHash);
        Assert.Equal(Head.Time, opened.Time);
    }

    [Fact]
    public void ATamperedCheckpoint_OrAnotherKey_DoesNotOpen()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner("federation.audit/de", key);
        var note = signer.Sign(Head).Format();

        Assert.Throws<FormatException>(() => CheckpointVerifier.Open(note.Replace("20852163", "20852164", StringComparison.Ordinal), signer.PublicKey));
        Assert.Throws<FormatException>(() => CheckpointVerifier.Open(note, NoteKey.From("federation.audit/de", other)));
        Assert.Throws<FormatException>(() => CheckpointVerifier.Open(note, NoteKey.From("federation.audit/fr", key)));
        // A forged signature under the right name and key id fails rather than being ignored.
        var parsed = SignedNote.Parse(note);
        var forged = new SignedNote(parsed.Text, [parsed.Signatures[0] with { Signature = new byte[parsed.Signatures[0].Signature.Length] }]);
        Assert.Throws<FormatException>(() => CheckpointVerifier.Open(forged.Format(), signer.PublicKey));
    }

    /// <summary>
    /// A parsed note keeps its own text as its formatted form (a batch head is formatted into every receipt, and checked
    /// against every receipt read). That holds only if Parse takes nothing but what Format writes: any note that parses,
    /// made again from its parts, must format to exactly the text it was parsed from, whatever character was changed,
    /// added or dropped.
    /// </summary>
    [Fact]
    public void EveryTextThatParses_IsExactlyWhatItsPartsFormatTo()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var note = new NoteSigner("federation.audit/de", key).Sign(Head);
        var text = note.WithSignature(new NoteSignature("witness/fr", 0x01020304, RandomNumberGenerator.GetBytes(72))).Format();
        var variants = new List<string>();
        for (var at = 0; at < text.Length; at++)
        {
            foreach (var c in new[] { 'A', '/', '+', '=', ' ', '\n', '\r', '\u2014', '\t' })
            {
                variants.Add(text[..at] + c + text[(at + 1)..]);
                variants.Add(text[..at] + c + text[at..]);
            }

            variants.Add(text[..at] + text[(at + 1)..]);
        }

        var parsed = 0;
        foreach (var variant in variants)
        {
            SignedNote read;
            try
            {
                read = SignedNote.Parse(variant);
            }
            catch (FormatException)
            {
                continue;
            }

            parsed++;
            Assert.Equal(variant, read.Format());
            Assert.Equal(variant, new SignedNote(read.Text, read.Signatures).Format());
        }

        // Changes to the signed text (not its signatures) still parse: the check above ran on many.
        Assert.True(parsed > text.Length, $"only {parsed} of {variants.Count} variants parsed");
    }

    [Fact]
    public void AWitnessCosignature_VerifiesWithTheWitnessKey_AndCarriesItsTime()
    {
        using var log = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var witness = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = new NoteSigner("federation.audit/de", log).Sign(Head);
        var fr = new NoteSigner("federation.audit/fr", witness);
        var at = DateTimeOffset.FromUnixTimeSeconds(1764650100);
        var cosigned = signed.WithSignature(fr.Cosign(Head, at));
        var reparsed = SignedNote.Parse(cosigned.Format());

        Assert.Equal(2, reparsed.Signatures.Count);
        Assert.Equal(at, Cosignature.Verify(Head, reparsed.Signatures[1], fr.PublicKey));
        // The log still opens its checkpoint: the witness's line is one it does not know.
        Assert.Equal(Head.Size, CheckpointVerifier.Open(reparsed, new NoteSigner("federation.audit/de", log).PublicKey).Size);
        // A cosignature is not a checkpoint signature, and the other way round.
        Assert.Null(Cosignature.Verify(Head, reparsed.Signatures[0], fr.PublicKey));
        Assert.Null(Cosignature.Verify(Head with { Size = Head.Size + 1 }, reparsed.Signatures[1], fr.PublicKey));
    }

    [Theory]
    [InlineData("no blank line\n\u2014 k AAAAAAA=\n")]
    [InlineData("text\n\n\u2014 k AAAA\n")]
    [InlineData("text\n\n- k AAAAAAAA\n")]
    [InlineData("text\n\n\u2014 k+x AAAAAAAA\n")]
    [InlineData("text\n\n\u2014 k AAAAAAAA")]
    [InlineData("te\u0007xt\n\n\u2014 k AAAAAAAA\n")]
    public void MalformedNotes_AreRefused(string note) => Assert.Throws<FormatException>(() => SignedNote.Parse(note));

    [Theory]
    [InlineData("o\n01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ntime 1\n")]
    [InlineData("o\n1\nAAAA\ntime 1\n")]
    [InlineData("o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")]
    [InlineData("o\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ntime 1\n")]
    [InlineData("o o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ntime 1\n")]
    public void MalformedCheckpoints_AreRefused(string text) => Assert.Throws<FormatException>(() => Checkpoint.Parse(text));

    [Fact]
    public void AWellFormedCheckpointText_RoundTrips() =>
        Assert.Equal(Head.ToText(), Checkpoint.Parse(Head.ToText()).ToText());

    [Fact]
    public async Task OneKey_CheckingManyNotesAtOnce_AnswersEachRight()
    {
        // The key is imported once and shared by every check: threads at once must still each get their own answer.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner("federation.audit/de", key);
        var verifier = NoteKey.Parse(signer.PublicKey.ToString());
        var notes = Enumerable.Range(1, 40).Select(i => signer.Sign(Head with { Size = i }).Format()).ToList();

        var answers = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() =>
        {
            var note = notes[i % notes.Count];
            var tampered = i % 3 == 0;
            var text = tampered ? note.Replace($"\n{(i % notes.Count) + 1}\n", $"\n{(i % notes.Count) + 1000}\n", StringComparison.Ordinal) : note;
            try
            {
                CheckpointVerifier.Open(text, verifier);
                return !tampered;
            }
            catch (FormatException)
            {
                return tampered;
            }
        })));

        Assert.All(answers, Assert.True);
    }
}
