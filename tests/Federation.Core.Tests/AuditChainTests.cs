using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Federation.Core.Audit;
using FsCheck;
using FsCheck.Fluent;
using static Federation.Core.Tests.Builders;

namespace Federation.Core.Tests;

public sealed class AuditChainTests
{
    [Fact]
    public void FirstBreak_IntactChain_Null()
    {
        Assert.Null(AuditChain.FirstBreak(Chain(5)));
    }

    [Fact]
    public void FirstBreak_EntryRemoved_PointsAtTheGap()
    {
        var entries = Chain(5);
        entries.RemoveAt(2);

        Assert.Equal(4, AuditChain.FirstBreak(entries));
    }

    [Fact]
    public void FirstBreak_EntryAlteredAndResealedInPlace_Detected()
    {
        var entries = Chain(5);
        var forged = AuditEntry.Create(Clock(), "case.created", "operator", "FR-X", "ok", "forged");
        forged.Seal(entries[1].Sequence, entries[1].PreviousHash);
        entries[1] = forged;

        Assert.Equal(3, AuditChain.FirstBreak(entries));
    }

    /// <summary>
    /// The chain's hash is computed field by field into one buffer; stored chains were sealed over the joined string.
    /// Both give the same hash for any text: ASCII, other scripts, emoji, lone surrogates, separators inside a field,
    /// absent subject and detail, any sequence.
    /// </summary>
    [Fact]
    public void ComputeHash_AnyFields_IsTheHashOfTheJoinedText()
    {
        var text = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>(),
            Gen.Elements("", "FR-2026-0001", "Ünïcödé ✓", "😀 emoji", "\uD800 lone high", "lone low \uDC00", "a\u001fb", new string('x', 5000)));
        var fields =
            from actor in text
            from subject in Gen.OneOf(text, Gen.Constant<string?>(null)!)
            from detail in Gen.OneOf(text, Gen.Constant<string?>(null)!)
            from previous in Gen.Elements(AuditEntry.GenesisHash, new string('f', 64), "")
            // The extremes too: the pooled buffer is sized for 20 digits and a sign, which long.MinValue fills.
            from sequence in Gen.OneOf(Gen.Choose(0, int.MaxValue).Select(i => (long)i * 3), Gen.Elements(long.MinValue, long.MaxValue, -1L, 0L))
            select (Actor: actor ?? "a", Subject: subject, Detail: detail, Previous: previous, Sequence: sequence);
        Prop.ForAll(fields.ToArbitrary(), f =>
        {
            var entry = AuditEntry.Create(Clock(), "case.created", f.Actor, f.Subject, "ok", f.Detail);
            entry.Seal(f.Sequence, f.Previous);
            return entry.Hash == JoinedHash(entry);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    // The chain's hash as it was first written: over the joined string.
    private static string JoinedHash(AuditEntry e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(
            '\u001f', e.PreviousHash, e.Sequence.ToString(CultureInfo.InvariantCulture), e.Id, e.At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            e.Kind, e.Actor, e.Subject ?? string.Empty, e.Outcome, e.Detail ?? string.Empty))));

    private static List<AuditEntry> Chain(int count)
    {
        var clock = Clock();
        var previous = AuditEntry.GenesisHash;
        var list = new List<AuditEntry>();
        for (var i = 1; i <= count; i++)
        {
            var entry = AuditEntry.Create(clock, "case.created", "operator", $"FR-{i}", "ok", $"detail {i}");
            entry.Seal(i, previous);
            previous = entry.Hash;
            list.Add(entry);
        }

        return list;
    }
}
