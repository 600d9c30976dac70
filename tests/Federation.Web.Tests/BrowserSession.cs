using Microsoft.Playwright;

namespace Federation.Web.Tests;

/// <summary>One browser context and page, recording what the console reported (CSP violations show up there).</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _console = [];

    public BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            lock (_console)
            {
                _console.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_console)
            {
                _console.Add($"pageerror: {error}");
            }
        };
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleMessages
    {
        get
        {
            lock (_console)
            {
                return [.. _console];
            }
        }
    }

    /// <summary>Console lines in which the browser reported a Content-Security-Policy violation.</summary>
    public IReadOnlyList<string> CspViolations => [.. ConsoleMessages.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))];

    /// <summary>Saves a full-page screenshot as screenshots/{name}.png in the test output.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
