using System.Net.Sockets;
using Gantry.Posix.Native;
using Gantry.Server.Listeners;

namespace Gantry.Server.Tests.Listeners;

/// <summary>TCP_DEFER_ACCEPT on bound TCP listeners (tcp(7)), read back from the kernel with getsockopt.</summary>
public sealed class ListenerDeferAcceptTests
{
    [Fact]
    public void Bind_DeferSeconds_KernelReportsDeferAcceptOn()
    {
        using var listener = Listener.Bind(ListenAddress.TryParse("127.0.0.1:0", ListenerProtocol.Uwsgi, out _)!, 16, deferAcceptSeconds: 4);
        // The kernel keeps the period as SYN-ACK retransmissions and reports it back rounded, so only "on" is exact.
        Assert.True(DeferAcceptOf(listener) > 0);
    }

    [Fact]
    public void Bind_NoDefer_KernelReportsDeferAcceptOff()
    {
        using var listener = Listener.Bind(ListenAddress.TryParse("127.0.0.1:0", ListenerProtocol.Uwsgi, out _)!, 16);
        Assert.Equal(0, DeferAcceptOf(listener));
    }

    [Fact]
    public void Bind_DeferredListener_AcceptsOnceTheFirstBytesArrivedWithThemReadable()
    {
        using var listener = Listener.Bind(ListenAddress.TryParse("127.0.0.1:0", ListenerProtocol.Uwsgi, out _)!, 16, deferAcceptSeconds: 4);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.BoundEndpoint!);
        client.Send("x"u8);
        using var server = new Socket(new SafeSocketHandle(Accept(listener), ownsHandle: true));
        var buffer = new byte[1];
        Assert.Equal(1, server.Receive(buffer));
        Assert.Equal((byte)'x', buffer[0]);
    }

    private static int DeferAcceptOf(Listener listener)
    {
        using var view = new Socket(new SafeSocketHandle(listener.Fd, ownsHandle: false));
        var value = new byte[sizeof(int)];
        view.GetRawSocketOption(LibC.IPPROTO_TCP, LibC.TCP_DEFER_ACCEPT, value);
        return BitConverter.ToInt32(value);
    }

    private static int Accept(Listener listener)
    {
        using var view = new Socket(new SafeSocketHandle(listener.Fd, ownsHandle: false)) { Blocking = true };
        Assert.True(view.Poll(TimeSpan.FromSeconds(10), SelectMode.SelectRead), "no connection to accept within 10 s");
        var accepted = view.Accept();
        var fd = (int)accepted.SafeHandle.DangerousGetHandle();
        accepted.SafeHandle.SetHandleAsInvalid();
        return fd;
    }
}
