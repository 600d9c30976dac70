using System.Threading.Channels;
using Federation.Core.Identity;

namespace Federation.Node.CatchUp;

/// <summary>Asks the catch-up worker to pull from a partner now: it answered a handshake, or took a delivery after failures.</summary>
public sealed class CatchUpSignal
{
    private readonly Channel<string> _requests = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Request(JurisdictionCode partner) => _requests.Writer.TryWrite(partner.Value);

    internal ChannelReader<string> Requests => _requests.Reader;
}
