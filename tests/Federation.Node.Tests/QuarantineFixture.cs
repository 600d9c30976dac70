using Federation.Core.Inbox;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>The border fixture's FR node, whose inbox fails on demand for one case (<see cref="Fault"/>).</summary>
public sealed class QuarantineFixture : BorderFixture
{
    public InboxFault Fault { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Decorate<IInbox>((inner, _) => new FaultyInbox(inner, Fault));
}
