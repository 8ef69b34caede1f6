using System.Security.Cryptography;
using System.Text;
using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>
/// A client talking HTTP to real nginx, which passes the request to gantry through one front (uwsgi or FastCGI, TCP
/// or unix socket, stock or Debian params): every derived class runs these tests through its own nginx site.
/// </summary>
public abstract class GatewayThroughNginxTests
{
    private readonly FrontsFixture _fronts;
    private readonly FrontSite _site;

    protected GatewayThroughNginxTests(FrontsFixture fronts, FrontSite site)
    {
        _fronts = fronts;
        _site = site;
    }

    private int Port => _fronts.Port(_site);

    [Fact]
    public void Get_EnvironDump_RequestAsTheClientSentIt()
    {
        var environ = Exchange("GET /hello/world?a=1&b=two HTTP/1.1\r\nHost: example.test\r\nX-Custom: yes\r\nConnection: close\r\n\r\n").Environ;
        Assert.Equal("GET", environ["REQUEST_METHOD"]);
        Assert.Equal("/hello/world", environ["PATH_INFO"]);
        Assert.Equal(string.Empty, environ["SCRIPT_NAME"]);
        Assert.Equal("a=1&b=two", environ["QUERY_STRING"]);
        Assert.Equal("/hello/world?a=1&b=two", environ["REQUEST_URI"]);
        Assert.Equal("HTTP/1.1", environ["SERVER_PROTOCOL"]);
        Assert.Equal("yes", environ["HTTP_X_CUSTOM"]);
        Assert.Equal("127.0.0.1", environ["REMOTE_ADDR"]);
        Assert.Equal("http", environ["wsgi.url_scheme"]);
        Assert.Equal("0", environ["x.body_length"]);
    }

    [Fact]
    public void HostHeader_WithPort_AsTheParamsFileSaysIt()
    {
        var environ = Exchange("GET / HTTP/1.1\r\nHost: example.test:8080\r\nConnection: close\r\n\r\n").Environ;
        // Debian's files send $host (no port) as HTTP_HOST; nginx's own pass the client's header through.
        var debian = _site is FrontSite.UwsgiTcpDebian or FrontSite.FastCgiTcpKeepConnection;
        Assert.Equal(debian ? "example.test" : "example.test:8080", environ["HTTP_HOST"]);
    }

    [Fact]
    public void NonAsciiPath_PathInfoIsTheDecodedBytes()
    {
        var environ = Exchange("GET /caf%C3%A9/%E2%82%AC?q=%C3%A9 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").Environ;
        // PEP 3333: the UTF-8 bytes of the decoded path, each as one latin-1 character.
        Assert.Equal(Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("/café/€")), environ["PATH_INFO"]);
        Assert.Equal("/caf%C3%A9/%E2%82%AC?q=%C3%A9", environ["REQUEST_URI"]);
        Assert.Equal("q=%C3%A9", environ["QUERY_STRING"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1024 * 1024)]
    public void Post_BodyWithContentLength_ReachesApplicationWhole(int size)
    {
        var body = RandomNumberGenerator.GetBytes(size);
        using var connection = new RawHttpConnection(Port);
        connection.Send($"POST /upload HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n");
        connection.Send(body);
        var environ = Checked(connection.Read()).Environ;
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), environ["CONTENT_LENGTH"]);
        Assert.Equal("application/octet-stream", environ["CONTENT_TYPE"]);
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), environ["x.body_length"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), environ["x.body_sha256"]);
    }

    [Fact]
    public void Post_ChunkedFromClient_NginxBuffersItAndTheAppSeesTheLength()
    {
        var body = RandomNumberGenerator.GetBytes(300_000);
        using var connection = new RawHttpConnection(Port);
        connection.Send("POST /chunked HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (var offset = 0; offset < body.Length; offset += 70_000)
        {
            var chunk = body.AsSpan(offset, Math.Min(70_000, body.Length - offset));
            connection.Send(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
            connection.Send(chunk.ToArray());
            connection.Send("\r\n"u8.ToArray());
        }
        connection.Send("0\r\n\r\n");
        var environ = Checked(connection.Read()).Environ;
        Assert.Equal("300000", environ["CONTENT_LENGTH"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), environ["x.body_sha256"]);
    }

    [Theory]
    [InlineData("/stream?n=128&size=65520", 128 * 65520)] // 65520 = 26 × 2520: the pattern runs on across chunks
    [InlineData("/big?size=8388608", 8388608)]
    [InlineData("/file?size=3000001", 3000001)]
    public void LargeResponse_ArrivesWhole(string target, int length)
    {
        using var connection = new RawHttpConnection(Port);
        connection.Send($"GET {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        var response = Checked(connection.Read());
        Assert.Equal(length, response.Body.Length);
        for (var i = 0; i < length; i += 4093)
        {
            Assert.Equal((byte)('a' + i % 26), response.Body[i]);
        }
        Assert.Equal((byte)('a' + (length - 1) % 26), response.Body[^1]);
    }

    [Fact]
    public void KeepAlive_ClientToNginx_RequestsShareOneConnection()
    {
        using var connection = new RawHttpConnection(Port);
        for (var i = 0; i < 10; i++)
        {
            var target = i % 2 == 0 ? $"/n{i}" : "/stream?n=3&size=5000";
            connection.Send($"GET {target} HTTP/1.1\r\nHost: t\r\n\r\n");
            var response = Checked(connection.Read());
            if (i % 2 == 0)
            {
                Assert.Equal($"/n{i}", response.Environ["PATH_INFO"]);
            }
            else
            {
                Assert.Equal(15000, response.Body.Length);
            }
        }
        connection.Send("GET /last HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        Assert.Equal("/last", Checked(connection.Read()).Environ["PATH_INFO"]);
        Assert.True(connection.IsClosedByPeer());
    }

    [Fact]
    public void Head_LengthWithoutBody_ConnectionStillUsable()
    {
        using var connection = new RawHttpConnection(Port);
        connection.Send("HEAD /big?size=1000 HTTP/1.1\r\nHost: t\r\n\r\n");
        var head = Checked(connection.Read(head: true));
        Assert.Equal("1000", head.Headers["content-length"]);
        connection.Send("GET /after-head HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        Assert.Equal("/after-head", Checked(connection.Read()).Environ["PATH_INFO"]);
    }

    [Fact]
    public void ClientDisconnectsMidResponse_IterableClosed_NextRequestServed()
    {
        var marker = Path.Combine(_fronts.Scratch, $"closed-{_site}-{Guid.NewGuid():N}");
        using (var connection = new RawHttpConnection(Port))
        {
            connection.Socket.ReceiveBufferSize = 65536;
            connection.Send($"GET /stream?n=1000000&size=65536&marker={Uri.EscapeDataString(marker)} HTTP/1.1\r\nHost: t\r\n\r\n");
            var buffer = new byte[65536];
            for (var received = 0; received < 1024 * 1024;)
            {
                // Receive returns 0 at end of stream, and would forever: a response closed early fails here instead.
                var count = connection.Socket.Receive(buffer);
                Assert.True(count > 0, $"the connection closed after {received} bytes of an endless response\n" + _fronts.Logs);
                received += count;
            }
            connection.Socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(marker) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        Assert.True(File.Exists(marker), "the response iterable was not closed after the client left\n" + _fronts.Logs);
        // "closed after N of 1000000 chunks": closed early, not run to the end.
        var sent = int.Parse(File.ReadAllText(marker).Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(sent, 1, 999_999);
        Assert.Equal("/after", Exchange("GET /after HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").Environ["PATH_INFO"]);
    }

    private RawHttpResponse Exchange(string request)
    {
        using var connection = new RawHttpConnection(Port);
        connection.Send(request);
        return Checked(connection.Read());
    }

    private RawHttpResponse Checked(RawHttpResponse response)
    {
        Assert.True(response.Status == 200, $"status {response.Status}: {response.Text}\n{_fronts.Logs}");
        return response;
    }
}
