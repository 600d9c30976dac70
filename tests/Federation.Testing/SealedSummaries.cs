using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Treaties;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Testing;

/// <summary>Summaries sealed exactly as ShareService seals them, each for a case of its own, ready for a node's outbox.</summary>
public static class SealedSummaries
{
    public static List<OutboxMessage> For(TestNode from, string recipient, int count) =>
        For(from.Services.GetRequiredService<IEnvelopeSealer>(), from.Services.GetRequiredService<ITreatyRegistry>().All[0], from.Jurisdiction, recipient, count);

    /// <summary>As above, with the origin's sealer and treaty made outside a node (a load tool holding a node process's key).</summary>
    public static List<OutboxMessage> For(IEnvelopeSealer sealer, Treaty treaty, string from, string recipient, int count)
    {
        var origin = JurisdictionCode.Parse(from);
        var to = JurisdictionCode.Parse(recipient);
        var now = DateTimeOffset.UtcNow;
        var list = new List<OutboxMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var summary = new Core.Sharing.CaseSummary(FederationCaseId.New(origin, TimeProvider.System), 1, Core.Cases.Tlp.Amber,
            [
                new("title", "Guardrail bypass in a hospital triage assistant"),
                new("synopsis", "A prompt sequence defeats the triage assistant's safety policy and yields unsafe dosage advice."),
                new("sector", "health"), new("taxonomy_class", "AML.T0054"),
                new("severity", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N"),
                new("status", "coordinating"), new("vendor", "Acme Health AI"), new("product", "TriageBot"), new("model_version", "2.3"),
            ]);
            var id = MessageId.New(origin, TimeProvider.System);
            list.Add(new OutboxMessage(id, to.Value, summary.CaseId.ToString(), 1, sealer.Seal(id, to, treaty, summary, now), now));
        }

        return list;
    }

    /// <summary>Puts <paramref name="messages"/> in <paramref name="node"/>'s outbox in one commit and rings its dispatcher.</summary>
    public static async Task EnqueueAsync(TestNode node, IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            foreach (var message in messages)
            {
                outbox.Enqueue(message);
            }

            await scope.ServiceProvider.GetRequiredService<Federation.Core.Abstractions.IUnitOfWork>().SaveChangesAsync(cancellationToken);
        }

        node.Services.GetRequiredService<Federation.Node.Outbox.DeliverySignal>().Notify();
    }
}
