using Federation.Core;
using Federation.Node.Hosting;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
NodeRuntime? runtime = null;
try
{
    var app = NodeHost.Build(args);
    await NodeHost.InitializeAsync(app, CancellationToken.None);
    // Kept for the report of a listener that cannot bind: the host is disposed by then.
    runtime = app.Services.GetRequiredService<NodeRuntime>();
    await app.RunAsync();
    return 0;
}
catch (StartupException ex)
{
    Log.Fatal("The node cannot start. {Problem}", ex.Message);
    return 78; // EX_CONFIG
}
catch (IOException ex) when (ListenerBindFailure.Is(ex) && runtime is not null)
{
    Log.Fatal("The node cannot start. {Problem}", ListenerBindFailure.Describe(ex, runtime).Message);
    return 78;
}
catch (FederationException ex)
{
    Log.Fatal("The node cannot start: {Problem}", ex.Message);
    return 74; // EX_IOERR: the store could not be opened or migrated
}
finally
{
    await Log.CloseAndFlushAsync();
}
