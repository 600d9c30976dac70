using Federation.Node.Interceptors;
using Grpc.Core;

namespace Federation.Node.Grpc.Admin;

/// <summary>What every admin method reads from its call.</summary>
internal static class AdminCall
{
    /// <summary>The operator the key authenticated, as the audit log names them.</summary>
    public static string Actor(ServerCallContext context) =>
        context.UserState.TryGetValue(AdminAuthInterceptor.ActorKey, out var actor) ? (string)actor : "operator";

    /// <summary>Who the operator acts for, when the request names someone else (a reporter, an assessor).</summary>
    public static string ActorFor(ServerCallContext context, string? onBehalfOf) =>
        string.IsNullOrWhiteSpace(onBehalfOf) ? Actor(context) : $"{Actor(context)} for {onBehalfOf.Trim()}";
}
