using System.CommandLine;
using Spectre.Console.Testing;

namespace Federation.Cli.Tests;

/// <summary>Every command, argument and option says what it is for in --help.</summary>
public sealed class CommandTreeTests
{
    [Fact]
    public void EveryCommandArgumentAndOption_HasADescription()
    {
        var root = FedctlApp.BuildRootCommand(new TestConsole(), TextWriter.Null);
        var missing = new List<string>();
        var seen = 0;

        void Walk(Command command, string path)
        {
            seen++;
            if (string.IsNullOrWhiteSpace(command.Description))
            {
                missing.Add($"{path} (command)");
            }

            missing.AddRange(command.Arguments.Where(a => string.IsNullOrWhiteSpace(a.Description)).Select(a => $"{path} <{a.Name}>"));
            missing.AddRange(command.Options.Where(o => string.IsNullOrWhiteSpace(o.Description)).Select(o => $"{path} {o.Name}"));
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, $"{path} {sub.Name}");
            }
        }

        Walk(root, "fedctl");

        Assert.True(seen > 40, $"only {seen} commands were walked");
        Assert.True(missing.Count == 0, "no description: " + string.Join(", ", missing));
    }
}
