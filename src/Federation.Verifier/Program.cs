using Federation.Transparency.Bundles;
using Federation.Verifier;

// fedverify: 0 the bundle holds, 1 it does not, 2 the command line (or a file) is wrong.
VerifierArguments arguments;
try
{
    if (args is ["--help"] or ["-h"])
    {
        Console.Out.WriteLine(VerifierArguments.Usage);
        return 0;
    }

    arguments = VerifierArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"fedverify: {ex.Message}");
    Console.Error.WriteLine(VerifierArguments.Usage);
    return 2;
}

FileStream bundle;
List<BundleReceipt> receipts;
try
{
    var size = new FileInfo(arguments.Bundle).Length;
    if (size > BundleJson.MaxBytes)
    {
        // Checked before a byte is read: the verifier holds a bundle in memory, and a file must not make it run out.
        Console.Error.WriteLine($"fedverify: {arguments.Bundle} has {size} bytes; bundles of more than {BundleJson.MaxBytes} bytes (256 MiB) are not read: ask for the range in parts.");
        return 2;
    }

    bundle = File.OpenRead(arguments.Bundle);
    receipts = [];
    foreach (var file in arguments.Receipts)
    {
        receipts.Add(new BundleReceipt(file, await File.ReadAllTextAsync(file)));
    }
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"fedverify: {ex.Message}");
    return 2;
}

await using (bundle)
{
    try
    {
        var report = BundleVerifier.Verify(BundleJson.Read(bundle), arguments.Keys, arguments.Witnesses, receipts);
        SummaryWriter.Write(Console.Out, report);
        return 0;
    }
    catch (BundleException ex)
    {
        Console.Out.WriteLine($"fedverify: the bundle does NOT hold. First failure: {ex.Place}: {ex.Problem}");
        return 1;
    }
}
