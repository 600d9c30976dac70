using BenchmarkDotNet.Running;
using Federation.Benchmarks;

// "load", "embargo-load" and "reeval-load" run the whole-flow load tools (real nodes over mTLS); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "load" && args.Contains("--processes"))
{
    return await ProcessShareLoad.RunAsync(args[1..]);
}

// Hidden: the echo baseline, started by "load --processes" as a process of its own.
if (args.Length > 0 && args[0] == "echo-server")
{
    return await EchoServerHost.RunAsync(args[1..]);
}

// Hidden: kills the node processes of "load --processes" should the load tool die without stopping them.
if (args.Length > 0 && args[0] == "guard")
{
    return await OrphanGuard.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "load")
{
    return await ShareLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "embargo-load")
{
    return await EmbargoLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "reeval-load")
{
    return await ReevalLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "dashboard-load")
{
    return await DashboardLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "flood")
{
    return await FloodLoad.RunAsync(args[1..]);
}

// Hidden: DE's flooding client, started by "flood" as a process of its own.
if (args.Length > 0 && args[0] == "flood-client")
{
    return await FloodClient.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "catchup")
{
    return await CatchUpLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "intake-load")
{
    return await IntakeLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "fuzz")
{
    return await FuzzLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "bundle")
{
    return await BundleLoad.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ShareLoad).Assembly).Run(args);
return 0;
