using System.CommandLine;
using Grpc.Core;

namespace Federation.Cli;

/// <summary>Runs a command body and turns known failures into a message (or a JSON object) and an exit code.</summary>
internal static class CommandRunner
{
    public const int Ok = 0;

    /// <summary>The node (or fedctl) refused: nothing was done, the message says why.</summary>
    public const int Failed = 1;

    /// <summary>EX_USAGE (sysexits.h): the command line is wrong.</summary>
    public const int Usage = 64;

    /// <summary>EX_UNAVAILABLE (sysexits.h): the node did not answer.</summary>
    public const int Unreachable = 69;

    public static void SetAction(this Command command, CliContext context, Func<ParseResult, CancellationToken, Task> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            CliError error;
            try
            {
                await body(parse, cancellationToken);
                return Ok;
            }
            catch (RpcException ex)
            {
                error = CliError.From(ex, context.AddressText(parse));
            }
            catch (CliException ex)
            {
                error = CliError.From(ex);
            }

            await error.WriteAsync(context.Error, context.IsJson(parse));
            return error.ExitCode;
        });
}
