using System.Globalization;
using Federation.Transparency.Bundles;

namespace Federation.Verifier;

/// <summary>What a bundle that holds proved, in a few lines an auditor can paste into a report.</summary>
internal static class SummaryWriter
{
    public static void Write(TextWriter output, BundleReport report)
    {
        var ids = string.Join(", ", report.Keys.Select(k => k.KeyId.ToString("x8", CultureInfo.InvariantCulture)));
        output.WriteLine("fedverify: the bundle holds.");
        output.WriteLine($"  log          {report.Origin}, key {ids}" + (report.KeysFromBundle
            ? " (taken from the bundle itself: compare it with the key the log's operator published, or pass --key)"
            : " (given with --key)"));
        output.WriteLine($"  leaves       [{report.From}, {report.To}): {report.To - report.From} leaves, each hash recomputed from its fields, the tree recomputed");
        output.WriteLine($"  checkpoints  {report.Checkpoints.Count}, each signature verified, each consistent with the one before:");
        foreach (var c in report.Checkpoints)
        {
            var cosigned = c.Cosigners.Count == 0
                ? string.Empty
                : "; cosigned by " + string.Join(", ", c.Cosigners.Select(n => c.Witnessed.Contains(n) ? $"{n} (verified)" : $"{n} (not checked: no --partner-key)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"               size {c.Checkpoint.Size}, signed {c.Checkpoint.Time:yyyy-MM-dd'T'HH:mm:ss'Z'}{cosigned}"));
        }

        if (report.Inclusions > 0)
        {
            output.WriteLine($"  inclusions   {report.Inclusions} leaves outside the range, each proved included in a checkpoint");
        }

        foreach (var log in report.HeldReceipts.GroupBy(h => h.Receipt.Origin))
        {
            var verified = log.All(h => h.SignatureVerified)
                ? "each signature verified with the --partner-key given"
                : "signatures NOT checked: no --partner-key of that log given";
            output.WriteLine($"  receipts     {log.Count()} of {log.Key} held for messages this log sent, each matching this log's leaf of the delivery (message id, digest); {verified}");
        }

        foreach (var receipt in report.Receipts)
        {
            output.WriteLine($"  receipt      {receipt}");
        }
    }
}
