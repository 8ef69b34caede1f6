using System.Net.Sockets;
using Gantry.Server.Listeners;

namespace Gantry.Server.Tests.Listeners;

/// <summary>Binding a TCP address another listener already serves.</summary>
public sealed class ListenerBindTests
{
    [Fact]
    public void Bind_PortAlreadyListening_FailsWithAddressInUse()
    {
        using var first = Listener.Bind(ListenAddress.TryParse("127.0.0.1:0", ListenerProtocol.Http, out _)!, 16);
        var taken = ListenAddress.TryParse($"127.0.0.1:{first.BoundEndpoint!.Port}", ListenerProtocol.Http, out _)!;
        var error = Assert.Throws<SocketException>(() => Listener.Bind(taken, 16));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }
}
