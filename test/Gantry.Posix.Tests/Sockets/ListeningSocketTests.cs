using System.Net.Sockets;
using Gantry.Posix.Native;
using Gantry.Posix.Sockets;

namespace Gantry.Posix.Tests.Sockets;

public sealed class ListeningSocketTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("gantry-posix-");

    [Fact]
    public void Bind_TcpPortZero_ReportsTheBoundPortAndAcceptsConnections()
    {
        using var listener = ListeningSocket.Bind(Parse("127.0.0.1:0"), 16);

        Assert.NotEqual(0, listener.BoundEndpoint!.Port);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.BoundEndpoint);
    }

    [Fact]
    public void Bind_PortAlreadyListening_FailsWithAddressInUse()
    {
        using var first = ListeningSocket.Bind(Parse("127.0.0.1:0"), 16);

        var error = Assert.Throws<SocketException>(() => ListeningSocket.Bind(Parse($"127.0.0.1:{first.BoundEndpoint!.Port}"), 16));

        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public void Dispose_UnixSocket_LeavesTheFile()
    {
        var path = Path.Combine(_directory.FullName, "kept.sock");
        var listener = ListeningSocket.Bind(Parse(path), 16);
        Assert.Null(listener.BoundEndpoint);

        listener.Dispose();

        Assert.True(Path.Exists(path));
    }

    [Fact]
    public void Close_RemovingUnixFile_DeletesIt()
    {
        var path = Path.Combine(_directory.FullName, "vacuumed.sock");
        var listener = ListeningSocket.Bind(Parse(path), 16);

        listener.Close(removeUnixFile: true);

        Assert.False(Path.Exists(path));
    }

    [Fact]
    public void Bind_StaleUnixSocketFile_ReplacesIt()
    {
        var path = Path.Combine(_directory.FullName, "stale.sock");
        ListeningSocket.Bind(Parse(path), 16).Dispose();

        using var listener = ListeningSocket.Bind(Parse(path), 16);

        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(path));
    }

    [Fact]
    public void Bind_UnixPathTooLong_Throws()
    {
        var path = "/tmp/" + new string('x', 110) + ".sock";

        var error = Assert.Throws<IOException>(() => ListeningSocket.Bind(Parse(path), 16));

        Assert.Contains("longer than 107 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adopt_InheritedDescriptor_OwnsAndServesIt()
    {
        // A copy of a bound socket's descriptor stands in for one a master passed down; the original then goes away.
        var original = ListeningSocket.Bind(Parse("127.0.0.1:0"), 16);
        var fd = LibC.fcntl(original.Fd, LibC.F_DUPFD_CLOEXEC, 0);
        Assert.True(fd >= 0);
        original.Dispose();

        using var adopted = ListeningSocket.Adopt(fd, original.Address);

        Assert.Equal(fd, adopted.Fd);
        Assert.Equal(original.BoundEndpoint, adopted.BoundEndpoint);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(adopted.BoundEndpoint!);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static StreamAddress Parse(string text) => StreamAddress.TryParse(text, out _)!;
}
