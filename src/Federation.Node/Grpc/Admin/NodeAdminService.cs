using Federation.Contracts.V1;
using Federation.Core.Identity;
using Federation.Core.Treaties;
using Federation.Node.Grpc.Mapping;
using Federation.Node.Peers;
using Grpc.Core;

namespace Federation.Node.Grpc.Admin;

/// <summary>Who this node is: jurisdiction, software, protocol, treaties and partners.</summary>
public sealed class NodeAdminService(ITreatyRegistry treaties, PeerRoster roster, LocalNode node) : NodeAdmin.NodeAdminBase
{
    public override async Task<NodeInfo> GetNodeInfo(GetNodeInfoRequest request, ServerCallContext context)
    {
        var info = new NodeInfo
        {
            Jurisdiction = node.Jurisdiction.Value,
            NodeSoftware = PeerClient.NodeSoftware,
            ProtocolVersions = { PeerClient.ProtocolVersion },
        };
        info.Treaties.AddRange(TreatyMapper.ToWire(treaties.All));
        info.Peers.AddRange((await roster.ListAsync(context.CancellationToken)).Select(PeerMapper.ToWire));
        return info;
    }
}
