using System.Globalization;
using Gantry.Server.Listeners;
using Gantry.Server.Static;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Static;

/// <summary>Static responses over real loopback sockets, on every front, with a C# application behind for misses.</summary>
public sealed class StaticFileResponseTests : IDisposable
{
    private readonly StaticTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private FrontHost Host(ListenerProtocol protocol, bool honourRange = false, IReadOnlyList<StaticExpiresRule>? expires = null,
        Gantry.Application.IApplicationThread? application = null) =>
        new(protocol, application ?? TestApps.Hello(), new ServerOptions { DisableLogging = true }, staticFiles: new StaticFileOptions
        {
            Mappings = [new StaticMapping("/static", _tree.Root, AppendWholePath: false)],
            IndexFiles = ["index.html"],
            HonourRange = honourRange,
            Expires = expires ?? [],
        });

    private string LastModified(string relative) =>
        File.GetLastWriteTimeUtc(Path.Combine(_tree.Root, relative)).ToString("r", CultureInfo.InvariantCulture);

    private static RawResponse Get(FrontHost host, string path, string extra = "", string method = "GET")
    {
        using var client = new RawHttpClient(host.Endpoint);
        client.Send($"{method} {path} HTTP/1.1\r\nHost: t\r\n{extra}\r\n");
        return client.ReadResponse(forHead: method == "HEAD")!;
    }

    [Fact]
    public void Http_Get_FileWithTypeLengthAndLastModified()
    {
        using var host = Host(ListenerProtocol.Http);
        var response = Get(host, "/static/a.css");
        Assert.Equal(200, response.Status);
        Assert.Equal("text/css", response.Headers["content-type"]);
        Assert.Equal("7", response.Headers["content-length"]);
        Assert.Equal(LastModified("a.css"), response.Headers["last-modified"]);
        Assert.Equal("body{}\n", response.Text);
    }

    [Fact]
    public void Http_GetWithABodyBeforeAStreamingApplication_FileServedBodyDroppedConnectionKept()
    {
        // The router asks the application, which streams bodies; static files claim the request and read none of it.
        var application = new StreamingEchoApplication();
        using var host = Host(ListenerProtocol.Http, application: application);
        using var client = new RawHttpClient(host.Endpoint);

        client.Send("GET /static/a.css HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n01234");
        var file = client.ReadResponse()!;
        client.Send("56789POST /whole-next HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nnext");
        var next = client.ReadResponse()!;

        Assert.Equal("body{}\n", file.Text);
        Assert.Equal("next", next.Text);
        Assert.Equal(["invoke /whole-next complete=True", "done /whole-next waits=0 length=4"], application.Events);
    }

    [Fact]
    public void Http_Head_HeadersOnlyAndConnectionStaysUsable()
    {
        using var host = Host(ListenerProtocol.Http);
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("HEAD /static/a.css HTTP/1.1\r\nHost: t\r\n\r\n");
        var head = client.ReadResponse(forHead: true)!;
        Assert.Equal(200, head.Status);
        Assert.Equal("7", head.Headers["content-length"]);
        client.Send("GET /static/sub/ HTTP/1.1\r\nHost: t\r\n\r\n");
        var index = client.ReadResponse()!;
        Assert.Equal("text/html", index.Headers["content-type"]);
        Assert.Equal("<p>index</p>\n", index.Text);
    }

    [Fact]
    public void Http_IfModifiedSince_NotModifiedOrFullWhenOlder()
    {
        using var host = Host(ListenerProtocol.Http);
        var notModified = Get(host, "/static/a.css", $"If-Modified-Since: {LastModified("a.css")}\r\n");
        Assert.Equal(304, notModified.Status);
        Assert.False(notModified.Headers.ContainsKey("content-type"));
        Assert.Empty(notModified.Body);
        var older = Get(host, "/static/a.css", "If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT\r\n");
        Assert.Equal(200, older.Status);
        Assert.Equal("body{}\n", older.Text);
    }

    [Theory]
    [InlineData("GET", "/static/nope.css")]
    [InlineData("GET", "/static/sub/../../secret/s.txt")]
    [InlineData("GET", "/static/out.txt")]
    [InlineData("GET", "/static/bare/")]
    [InlineData("POST", "/static/a.css")]
    public void Http_Miss_GoesToApplication(string method, string path)
    {
        using var host = Host(ListenerProtocol.Http);
        var response = Get(host, path, method == "POST" ? "Content-Length: 0\r\n" : "", method);
        Assert.Equal(200, response.Status);
        Assert.Equal("Hello World", response.Text);
    }

    [Fact]
    public void Http_HonourRange_PartialContentAndUnsatisfiable()
    {
        using var host = Host(ListenerProtocol.Http, honourRange: true);
        var partial = Get(host, "/static/a.css", "Range: bytes=1-3\r\n");
        Assert.Equal(206, partial.Status);
        Assert.Equal("bytes 1-3/7", partial.Headers["content-range"]);
        Assert.Equal("ody", partial.Text);
        var beyond = Get(host, "/static/a.css", "Range: bytes=50-\r\n");
        Assert.Equal(416, beyond.Status);
        Assert.Equal("bytes */7", beyond.Headers["content-range"]);
        var stale = Get(host, "/static/a.css", "Range: bytes=1-3\r\nIf-Range: Mon, 01 Jan 2001 00:00:00 GMT\r\n");
        Assert.Equal(200, stale.Status);
        Assert.Equal("body{}\n", stale.Text);
    }

    [Fact]
    public void Http_RangeWithoutHonourRange_WholeFile()
    {
        using var host = Host(ListenerProtocol.Http);
        var response = Get(host, "/static/a.css", "Range: bytes=1-3\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal("body{}\n", response.Text);
    }

    [Fact]
    public void Http_StaticExpires_ExpiresHeaderPerSubject()
    {
        using var host = Host(ListenerProtocol.Http, expires:
        [
            new StaticExpiresRule(StaticExpiresSubject.FileName, @"\.css$", 3600, false),
            new StaticExpiresRule(StaticExpiresSubject.ContentType, "text/html", 60, FromModificationTime: true),
        ]);
        var css = Get(host, "/static/a.css");
        var expires = DateTimeOffset.ParseExact(css.Headers["expires"], "r", CultureInfo.InvariantCulture);
        Assert.InRange((expires - DateTimeOffset.UtcNow).TotalSeconds, 3590, 3601);
        var html = Get(host, "/static/sub/index.html");
        var modified = DateTimeOffset.ParseExact(html.Headers["last-modified"], "r", CultureInfo.InvariantCulture);
        Assert.Equal(modified.AddSeconds(60), DateTimeOffset.ParseExact(html.Headers["expires"], "r", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Http_LargeFile_ByteExactThroughBackpressure()
    {
        var data = new byte[6 * 1024 * 1024 + 17];
        new Random(42).NextBytes(data);
        File.WriteAllBytes(Path.Combine(_tree.Root, "big.bin"), data);
        using var host = Host(ListenerProtocol.Http);
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("GET /static/big.bin HTTP/1.1\r\nHost: t\r\n\r\n");
        var response = client.ReadResponse()!;
        Assert.Equal(data.Length.ToString(CultureInfo.InvariantCulture), response.Headers["content-length"]);
        Assert.Equal(data, response.Body);
        client.Send("GET /static/a.css HTTP/1.1\r\nHost: t\r\n\r\n");
        Assert.Equal("body{}\n", client.ReadResponse()!.Text);
    }

    [Fact]
    public void Uwsgi_Get_RawHttpResponseWithHeaders()
    {
        using var host = Host(ListenerProtocol.Uwsgi);
        using var client = new UwsgiClient(host.Endpoint);
        var response = client.Request(UwsgiClient.NginxGet(path: "/static/a.css", query: ""));
        Assert.Equal("HTTP/1.1 200 OK", response.StatusLine);
        Assert.Equal("text/css", response.Headers["content-type"]);
        Assert.Equal("7", response.Headers["content-length"]);
        Assert.Equal(LastModified("a.css"), response.Headers["last-modified"]);
        Assert.Equal("body{}\n", response.Text);
    }

    [Fact]
    public void Uwsgi_HeadAndMiss_HeadersOnlyThenApplication()
    {
        using var host = Host(ListenerProtocol.Uwsgi);
        using (var client = new UwsgiClient(host.Endpoint))
        {
            var head = client.Request(UwsgiClient.NginxGet(path: "/static/a.css", query: "", method: "HEAD"));
            Assert.Equal("7", head.Headers["content-length"]);
            Assert.Empty(head.Body);
        }
        using var miss = new UwsgiClient(host.Endpoint);
        Assert.Equal("Hello World", miss.Request(UwsgiClient.NginxGet(path: "/static/none.css", query: "")).Text);
    }

    [Fact]
    public void FastCgi_Get_FileInStdoutRecords()
    {
        using var host = Host(ListenerProtocol.FastCgi);
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams(path: "/static/a.css", query: "")));
        var response = client.ReadUntilEndRequest(1).Response();
        Assert.Equal(200, response.Status);
        Assert.Equal("text/css", response.Headers["content-type"]);
        Assert.Equal("body{}\n", response.Text);
    }

    [Fact]
    public void FastCgi_LargeFileAndHead_SegmentedIntoRecordsByteExact()
    {
        var data = new byte[300 * 1024 + 5];
        new Random(7).NextBytes(data);
        File.WriteAllBytes(Path.Combine(_tree.Root, "big.bin"), data);
        using var host = Host(ListenerProtocol.FastCgi);
        using (var client = new FastCgiClient(host.Endpoint))
        {
            client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams(path: "/static/big.bin", query: "")));
            var response = client.ReadUntilEndRequest(1).Response();
            Assert.Equal(data.Length.ToString(CultureInfo.InvariantCulture), response.Headers["content-length"]);
            Assert.Equal(data, response.Body);
        }
        using var head = new FastCgiClient(host.Endpoint);
        head.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams(path: "/static/big.bin", query: "", method: "HEAD")));
        var headResponse = head.ReadUntilEndRequest(1).Response();
        Assert.Equal(data.Length.ToString(CultureInfo.InvariantCulture), headResponse.Headers["content-length"]);
        Assert.Empty(headResponse.Body);
    }
}
