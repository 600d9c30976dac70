using Federation.Core;
using Federation.Node.Public.Intake;

namespace Federation.Node.Tests.Intake;

/// <summary>The intake's table from domain errors to HTTP statuses: the reporter's limits apart from the node's own trouble.</summary>
public sealed class IntakeProblemTests
{
    [Theory]
    [InlineData(ErrorCode.ResourceExhausted, "text", 429)]
    [InlineData(ErrorCode.ResourceExhausted, null, 507)]
    [InlineData(ErrorCode.InvalidArgument, "attachments", 400)]
    [InlineData(ErrorCode.NotFound, null, 404)]
    [InlineData(ErrorCode.FailedPrecondition, "accepted_policy_version", 409)]
    [InlineData(ErrorCode.Conflict, null, 409)]
    [InlineData(ErrorCode.Unavailable, null, 503)]
    public void StatusOf_Error_TheStatusForItsCause(ErrorCode code, string? field, int status) =>
        Assert.Equal(status, IntakeProblem.StatusOf(new FederationException(code, "x", field)));
}
