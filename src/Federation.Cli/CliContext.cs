using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Spectre.Console;

namespace Federation.Cli;

/// <summary>
/// What every command shares: where the node is, the operator's key, how to print, and whether a
/// person is at the keyboard (stdin a terminal) to answer a confirmation.
/// </summary>
internal sealed class CliContext(IAnsiConsole console, TextWriter error, TextReader input, bool inputIsTerminal)
{
    public Option<string> Node { get; } = new("--node")
    {
        Description = "The node's admin endpoint, http://host:port or host:port (default: $FEDCTL_NODE or http://127.0.0.1:7080). Plain HTTP/2: the admin port has no TLS.",
        Recursive = true,
    };

    public Option<string> ApiKeyFile { get; } = new("--api-key-file")
    {
        Description = "File holding the operator API key (default: $FEDCTL_API_KEY_FILE or ./data/admin-api-key). $FEDCTL_API_KEY overrides.",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts instead of tables.",
        Recursive = true,
    };

    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    public TextReader Input { get; } = input;

    public bool InputIsTerminal { get; } = inputIsTerminal;

    public void AddGlobalOptions(RootCommand root)
    {
        root.Add(Node);
        root.Add(ApiKeyFile);
        root.Add(Json);
    }

    /// <summary>The admin address from --node, then $FEDCTL_NODE, then the default; a usage error if malformed.</summary>
    public Uri Address(ParseResult parse)
    {
        if (parse.GetValue(Node) is { } option)
        {
            return NodeAddress.Parse(option, "--node");
        }

        return Environment.GetEnvironmentVariable("FEDCTL_NODE") is { Length: > 0 } variable
            ? NodeAddress.Parse(variable, "$FEDCTL_NODE")
            : new Uri(NodeAddress.Default);
    }

    /// <summary>The address as the operator wrote it, for error messages (never throws).</summary>
    public string AddressText(ParseResult parse)
    {
        try
        {
            return Address(parse).GetLeftPart(UriPartial.Authority);
        }
        catch (CliException)
        {
            return parse.GetValue(Node) ?? Environment.GetEnvironmentVariable("FEDCTL_NODE") ?? NodeAddress.Default;
        }
    }

    public bool IsJson(ParseResult parse) => parse.GetValue(Json);

    public AdminClients Client(ParseResult parse)
    {
        var address = Address(parse);
        var key = Environment.GetEnvironmentVariable("FEDCTL_API_KEY");
        if (string.IsNullOrWhiteSpace(key))
        {
            var file = parse.GetValue(ApiKeyFile) ?? Environment.GetEnvironmentVariable("FEDCTL_API_KEY_FILE") ?? Path.Combine("data", "admin-api-key");
            if (!File.Exists(file))
            {
                throw new CliException($"No operator API key: '{file}' does not exist. Pass --api-key-file or set FEDCTL_API_KEY.",
                    reason: "API_KEY_MISSING", field: "--api-key-file");
            }

            key = File.ReadAllText(file).Trim();
        }

        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {key}");
            return Task.CompletedTask;
        });
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
        return new AdminClients(channel.CreateCallInvoker());
    }

    public static CallOptions Call(CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);

    /// <summary>Prints a message as JSON when --json is set; otherwise runs the human renderer.</summary>
    public void Print(ParseResult parse, IMessage message, Action render)
    {
        if (parse.GetValue(Json))
        {
            Console.Profile.Out.Writer.WriteLine(JsonFormatter.Default.Format(message));
            return;
        }

        render();
    }

    /// <summary>
    /// Pages through a list until <paramref name="limit"/> items (0: all of them) and returns them with the
    /// token where it stopped (empty at the end). Stopping before the end is never silent: it says so on
    /// stderr, and the token goes into the JSON so a script can go on from there.
    /// </summary>
    public async Task<(List<T> Items, string NextPageToken)> PageAsync<T>(
        int limit, string what, Func<int, string, Task<(IEnumerable<T> Items, string Next)>> fetch)
    {
        if (limit < 0)
        {
            throw new CliException("--limit cannot be negative (0 shows everything).");
        }

        var items = new List<T>();
        var token = string.Empty;
        do
        {
            var size = limit == 0 ? MaxPageSize : Math.Min(MaxPageSize, limit - items.Count);
            var (page, next) = await fetch(size, token);
            items.AddRange(page);
            token = next;
        }
        while (token.Length > 0 && (limit == 0 || items.Count < limit));

        if (token.Length > 0)
        {
            Error.WriteLine($"Showing the first {items.Count} {what}; there are more: --limit 0 shows all of them.");
        }

        return (items, token);
    }

    private const int MaxPageSize = 1000;

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim())));
}
