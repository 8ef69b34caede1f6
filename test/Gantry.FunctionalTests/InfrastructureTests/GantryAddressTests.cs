using System.Net;
using System.Net.Sockets;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.InfrastructureTests;

public sealed class GantryAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:41234", "http", "127.0.0.1", 41234, null)]
    [InlineData("http://[::1]:8080", "http", "::1", 8080, null)]
    [InlineData("https://[fe80::1%25eth0]:443", "https", "fe80::1%25eth0", 443, null)]
    [InlineData("uwsgi://unix:/tmp/gantry x/app.sock", "uwsgi", null, 0, "/tmp/gantry x/app.sock")]
    [InlineData("fastcgi://localhost:9000", "fastcgi", "localhost", 9000, null)]
    [InlineData("http://0.0.0.0:0", "http", "0.0.0.0", 0, null)]
    public void Parse_WellFormed_ReadsEveryPart(string text, string scheme, string? host, int port, string? unixPath)
    {
        var address = GantryAddress.Parse(text);

        Assert.Equal(new GantryAddress(scheme, host, port, unixPath), address);
        Assert.Equal(text, address.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:80")]
    [InlineData("HTTP://127.0.0.1:80")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:")]
    [InlineData("http://127.0.0.1:65536")]
    [InlineData("http://127.0.0.1:-1")]
    [InlineData("http://::1:80")]
    [InlineData("http://[::1:80")]
    [InlineData("uwsgi://unix:")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(GantryAddress.TryParse(text, out var address));
        Assert.Null(address);
        Assert.Throws<FormatException>(() => GantryAddress.Parse(text));
    }

    [Theory]
    [InlineData("http://0.0.0.0:9090", "127.0.0.1")]
    [InlineData("http://[::]:9090", "::1")]
    [InlineData("http://:9090", "127.0.0.1")]
    [InlineData("http://10.1.2.3:9090", "10.1.2.3")]
    public void ConnectHost_WildcardBind_IsLoopbackOfTheSameFamily(string text, string expected)
    {
        Assert.Equal(expected, GantryAddress.Parse(text).ConnectHost);
    }

    [Fact]
    public void ToEndPoint_EachKind_GivesTheMatchingEndPoint()
    {
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 81), GantryAddress.Parse("http://[::]:81").ToEndPoint());
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 80), GantryAddress.Parse("http://127.0.0.1:80").ToEndPoint());
        Assert.Equal(new DnsEndPoint("localhost", 82), GantryAddress.Parse("http://localhost:82").ToEndPoint());
        var unix = Assert.IsType<UnixDomainSocketEndPoint>(GantryAddress.Parse("uwsgi://unix:/tmp/a.sock").ToEndPoint());
        Assert.Equal("/tmp/a.sock", unix.ToString());
    }

    [Fact]
    public void ToUri_Ipv6_BracketsTheHost()
    {
        Assert.Equal(new Uri("http://[::1]:8080/"), GantryAddress.Parse("http://[::]:8080").ToUri());
        Assert.Equal(new Uri("http://127.0.0.1:8080/"), GantryAddress.Parse("http://127.0.0.1:8080").ToUri());
        Assert.Throws<InvalidOperationException>(() => GantryAddress.Parse("http://unix:/tmp/a.sock").ToUri());
    }
}
