using System.Net;
using Gantry.Posix.Sockets;

namespace Gantry.Posix.Tests.Sockets;

public sealed class StreamAddressTests
{
    [Theory]
    [InlineData(":9090", "0.0.0.0", 9090)]
    [InlineData("*:9090", "0.0.0.0", 9090)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData(" 127.0.0.1:8080 ", "127.0.0.1", 8080)]
    [InlineData("[::1]:8080", "::1", 8080)]
    [InlineData("localhost:80", "127.0.0.1", 80)]
    public void TryParse_TcpForms_GiveTheEndpoint(string text, string address, int port)
    {
        var parsed = StreamAddress.TryParse(text, out var error);

        Assert.Null(error);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), parsed!.Endpoint);
        Assert.Null(parsed.UnixPath);
        Assert.Equal(text.Trim(), parsed.Text);
    }

    [Theory]
    [InlineData("/run/gantry.sock")]
    [InlineData("relative/socket")]
    [InlineData("app.sock")]
    public void TryParse_PathForms_GiveAUnixSocket(string text)
    {
        var parsed = StreamAddress.TryParse(text, out var error);

        Assert.Null(error);
        Assert.Equal(text, parsed!.UnixPath);
        Assert.Null(parsed.Endpoint);
    }

    [Theory]
    [InlineData("", "empty socket address")]
    [InlineData("9090", "'9090' is not host:port, :port, [ipv6]:port or a unix socket path")]
    [InlineData("127.0.0.1:65536", "'127.0.0.1:65536' is not host:port, :port, [ipv6]:port or a unix socket path")]
    [InlineData("host.invalid:80", "cannot resolve host 'host.invalid' in 'host.invalid:80'")]
    public void TryParse_NotAnAddress_SaysWhy(string text, string expected)
    {
        Assert.Null(StreamAddress.TryParse(text, out var error));
        Assert.Equal(expected, error);
    }
}
