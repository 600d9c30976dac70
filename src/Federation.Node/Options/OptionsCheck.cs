namespace Federation.Node.Options;

/// <summary>
/// Collects a section's failures as "Setting: problem", the shape <see cref="Hosting.StartupException"/>
/// reads back, so every refused setting is named the same way whichever validator refused it.
/// </summary>
internal sealed class OptionsCheck
{
    private readonly List<string> _failures = [];

    public void Fail(string setting, string problem) => _failures.Add($"{setting}: {problem}");

    public void Range(string setting, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Fail(setting, $"{value} must be between {min} and {max}.");
        }
    }

    public void Port(string setting, int port) => Range(setting, port, 0, 65535);

    public void IpAddress(string setting, string? value)
    {
        if (!System.Net.IPAddress.TryParse(value, out _))
        {
            Fail(setting, $"'{value}' is not an IP address.");
        }
    }

    public Microsoft.Extensions.Options.ValidateOptionsResult Result() => _failures.Count == 0
        ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
        : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_failures);
}
