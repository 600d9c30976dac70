using Federation.Contracts.V1;
using Grpc.Core;

namespace Federation.Testing;

/// <summary>The node's admin services, one client each, over one channel.</summary>
public sealed class AdminClients(CallInvoker invoker)
{
    public NodeAdmin.NodeAdminClient Node { get; } = new(invoker);
    public CaseAdmin.CaseAdminClient Cases { get; } = new(invoker);
    public TreatyAdmin.TreatyAdminClient Treaties { get; } = new(invoker);
    public EmbargoAdmin.EmbargoAdminClient Embargoes { get; } = new(invoker);
    public PeerAdmin.PeerAdminClient Peers { get; } = new(invoker);
    public DeliveryAdmin.DeliveryAdminClient Deliveries { get; } = new(invoker);
    public EventAdmin.EventAdminClient Events { get; } = new(invoker);
    public PublicationAdmin.PublicationAdminClient Publications { get; } = new(invoker);
    public IntakeAdmin.IntakeAdminClient Intake { get; } = new(invoker);
    public QuarantineAdmin.QuarantineAdminClient Quarantine { get; } = new(invoker);
    public AuditAdmin.AuditAdminClient Audit { get; } = new(invoker);
    public ForkAdmin.ForkAdminClient Forks { get; } = new(invoker);
}
