using Federation.Transparency;

namespace Federation.Verifier;

/// <summary>fedverify's command line: one bundle, then keys, witnesses and receipts, each option as often as needed.</summary>
internal sealed record VerifierArguments(string Bundle, IReadOnlyList<NoteKey>? Keys, IReadOnlyList<NoteKey> Witnesses, IReadOnlyList<string> Receipts)
{
    public const string Usage = """
        usage: fedverify BUNDLE.json [--key NOTEKEY]... [--partner-key NOTEKEY]... [--receipt FILE]...

        Checks an audit bundle exported by a Federation node (fedctl audit export), offline.
          --key NOTEKEY      the log's public key as its operator published it (NAME+KEYID+BASE64);
                             without it the bundle's own keys are used, and the summary says so
          --partner-key NOTEKEY
                             a partner's log key (NAME+KEYID+BASE64, as that partner published it): its
                             cosignatures on the checkpoints and its receipts (those the bundle holds and
                             those given with --receipt) must verify; without it their signatures are
                             not checked, and the summary says so
          --witness NOTEKEY  the same as --partner-key (a partner's key is also its witness key)
          --receipt FILE     a signed receipt (a note), of this log or of a partner's, whose message
                             must be in the bundle
        Exit codes: 0 the bundle holds, 1 it does not (the first failure is printed), 2 usage error.
        """;

    /// <exception cref="ArgumentException">The command line is wrong; the message says how.</exception>
    public static VerifierArguments Parse(IReadOnlyList<string> args)
    {
        string? bundle = null;
        var keys = new List<NoteKey>();
        var witnesses = new List<NoteKey>();
        var receipts = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--key":
                    keys.Add(Key(Value(args, ref i), "--key"));
                    break;
                case "--witness" or "--partner-key":
                    var name = args[i];
                    witnesses.Add(Key(Value(args, ref i), name));
                    break;
                case "--receipt":
                    receipts.Add(Value(args, ref i));
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    throw new ArgumentException($"unknown option {option}.");
                case var path when bundle is null:
                    bundle = path;
                    break;
                default:
                    throw new ArgumentException($"one bundle at a time ('{args[i]}' is a second).");
            }
        }

        return new VerifierArguments(bundle ?? throw new ArgumentException("no bundle given."), keys.Count == 0 ? null : keys, witnesses, receipts);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static NoteKey Key(string text, string option)
    {
        try
        {
            return NoteKey.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{option}: {ex.Message}");
        }
    }
}
