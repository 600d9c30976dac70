using System.CommandLine;
using System.Security.Cryptography;

namespace Federation.Cli.Commands;

/// <summary>fedctl key new|hash: make an operator API key and the hash the node's configuration holds.</summary>
internal sealed class KeyCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("key", "Operator API keys: the node stores only their SHA-256.");
        var create = new Command("new", "Print a new random API key and its hash for Federation:Admin:ApiKeyHashes.");
        create.SetAction(parse =>
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            context.Console.Profile.Out.Writer.WriteLine($"key:  {key}");
            context.Console.Profile.Out.Writer.WriteLine($"hash: {CliContext.HashKey(key)}");
            return CommandRunner.Ok;
        });
        var keyArgument = new Argument<string>("key") { Description = "The API key to hash." };
        var hash = new Command("hash", "Print the SHA-256 of an API key.") { keyArgument };
        hash.SetAction(parse =>
        {
            context.Console.Profile.Out.Writer.WriteLine(CliContext.HashKey(parse.GetRequiredValue(keyArgument)));
            return CommandRunner.Ok;
        });
        command.Add(create);
        command.Add(hash);
        return command;
    }
}
