using Microsoft.Playwright;

namespace Federation.Web.Tests;

/// <summary>
/// One headless Chromium for the test assembly: Debian's /usr/bin/chromium (installed by .ci/run), driven by Playwright.
/// Playwright's own browser download is never used; FEDERATION_CHROMIUM names another binary.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ExecutableVariable = "FEDERATION_CHROMIUM";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: the test output folder, kept by CI as evidence and copied into the README's.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"No Chromium at {executable}: install Debian's chromium package (.ci/run does) or set {ExecutableVariable}.");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // CI runs as root, where Chromium's sandbox cannot start; the pages under test are our own, on loopback.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            Timeout = 60_000,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>
    /// A fresh browser context (its own cookies) for one node's public listener. The node's certificate is self-signed for
    /// localhost, so certificate errors are ignored here: the browser is the client under test, not the PKI.
    /// </summary>
    public async Task<BrowserSession> OpenAsync(string baseAddress, string? locale = null, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress,
            IgnoreHTTPSErrors = true,
            JavaScriptEnabled = javaScript,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
        });
        // Generous: CI runs the test assemblies side by side on two cores.
        context.SetDefaultTimeout(45_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
    }
}
