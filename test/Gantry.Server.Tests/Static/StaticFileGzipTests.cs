using System.Globalization;
using Gantry.Server.Listeners;
using Gantry.Server.Static;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Static;

/// <summary>Precompressed .gz siblings (uWSGI's static-gzip*), over a real HTTP socket.</summary>
public sealed class StaticFileGzipTests : IDisposable
{
    private const string Compressed = "gz-bytes-of-a-css";

    private static readonly StaticFileOptions All = new() { GzipAll = true };

    private readonly StaticTree _tree = new();

    public StaticFileGzipTests()
    {
        _tree.Write("root/a.css.gz", Compressed);
        _tree.Write("root/b.css", "b{}\n");
        File.CreateSymbolicLink(Path.Combine(_tree.Root, "b.css.gz"), Path.Combine(_tree.Secret, "s.txt"));
    }

    public void Dispose() => _tree.Dispose();

    private FrontHost Host(StaticFileOptions gzip) =>
        new(ListenerProtocol.Http, TestApps.Hello(), new ServerOptions { DisableLogging = true }, staticFiles: gzip with
        {
            Mappings = [new StaticMapping("/static", _tree.Root, AppendWholePath: false)],
            IndexFiles = ["index.html"],
        });

    private static RawResponse Get(FrontHost host, string path, string extra = "", string method = "GET")
    {
        using var client = new RawHttpClient(host.Endpoint);
        client.Send($"{method} {path} HTTP/1.1\r\nHost: t\r\n{extra}\r\n");
        return client.ReadResponse(forHead: method == "HEAD")!;
    }

    private static void AssertCompressed(RawResponse response)
    {
        Assert.Equal(200, response.Status);
        Assert.Equal("gzip", response.Headers["content-encoding"]);
        Assert.Equal("text/css", response.Headers["content-type"]);
        Assert.Equal(Compressed.Length.ToString(CultureInfo.InvariantCulture), response.Headers["content-length"]);
        Assert.Equal("Accept-Encoding", response.Headers["vary"]);
        Assert.EndsWith($"-{Compressed.Length:x}\"", response.Headers["etag"], StringComparison.Ordinal);
        Assert.Equal(Compressed, response.Text);
    }

    private static void AssertPlain(RawResponse response, bool vary)
    {
        Assert.Equal(200, response.Status);
        Assert.False(response.Headers.ContainsKey("content-encoding"));
        Assert.Equal("text/css", response.Headers["content-type"]);
        Assert.Equal("body{}\n", response.Text);
        Assert.Equal(vary, response.Headers.ContainsKey("vary"));
        if (vary)
        {
            Assert.Equal("Accept-Encoding", response.Headers["vary"]);
        }
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate, gzip;q=0.5")]
    [InlineData("*")]
    public void Http_AcceptsGzip_SiblingSentEncoded(string accept)
    {
        using var host = Host(All);
        AssertCompressed(Get(host, "/static/a.css", $"Accept-Encoding: {accept}\r\n"));
    }

    [Theory]
    [InlineData("gzip;q=0")]
    [InlineData("gzip;q=0, *")]
    [InlineData("br, deflate")]
    [InlineData(null)]
    public void Http_RefusesGzip_PlainFileWithVary(string? accept)
    {
        using var host = Host(All);
        AssertPlain(Get(host, "/static/a.css", accept is null ? "" : $"Accept-Encoding: {accept}\r\n"), vary: true);
    }

    [Theory]
    [InlineData("prefix", true)]
    [InlineData("other prefix", false)]
    [InlineData("suffix", true)]
    [InlineData("other suffix", false)]
    [InlineData("regexp", true)]
    [InlineData("other regexp", false)]
    [InlineData("none", false)]
    public void Http_EachRule_SiblingOnlyForTheFilesItNames(string rule, bool compressed)
    {
        // The rules see the resolved path, as uWSGI's do.
        var root = Path.GetFullPath(_tree.Root);
        using var host = Host(rule switch
        {
            "prefix" => new StaticFileOptions { GzipPrefixes = [root + "/"] },
            "other prefix" => new StaticFileOptions { GzipPrefixes = ["/nowhere/"] },
            "suffix" => new StaticFileOptions { GzipSuffixes = [".css"] },
            "other suffix" => new StaticFileOptions { GzipSuffixes = [".js"] },
            "regexp" => new StaticFileOptions { GzipPatterns = [@"/a\.css$"] },
            "other regexp" => new StaticFileOptions { GzipPatterns = [@"\.js$"] },
            _ => new StaticFileOptions(),
        });
        var response = Get(host, "/static/a.css", "Accept-Encoding: gzip\r\n");
        if (compressed)
        {
            AssertCompressed(response);
        }
        else
        {
            Assert.False(response.Headers.ContainsKey("content-encoding"));
            Assert.False(response.Headers.ContainsKey("vary"));
            Assert.Equal("body{}\n", response.Text);
        }
    }

    [Fact]
    public void Http_NoSibling_PlainWithoutVary()
    {
        using var host = Host(All);
        var response = Get(host, "/static/sub/", "Accept-Encoding: gzip\r\n");
        Assert.Equal("<p>index</p>\n", response.Text);
        Assert.False(response.Headers.ContainsKey("content-encoding"));
        Assert.False(response.Headers.ContainsKey("vary"));
    }

    [Fact]
    public void Http_SiblingSymlinkOutOfRoot_NeverServed()
    {
        using var host = Host(All);
        var response = Get(host, "/static/b.css", "Accept-Encoding: gzip\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal("b{}\n", response.Text);
        Assert.False(response.Headers.ContainsKey("content-encoding"));
        Assert.False(response.Headers.ContainsKey("vary"));
    }

    [Fact]
    public void Http_Head_SiblingHeadersNoBody()
    {
        using var host = Host(All);
        var response = Get(host, "/static/a.css", "Accept-Encoding: gzip\r\n", "HEAD");
        Assert.Equal(200, response.Status);
        Assert.Equal("gzip", response.Headers["content-encoding"]);
        Assert.Equal(Compressed.Length.ToString(CultureInfo.InvariantCulture), response.Headers["content-length"]);
        Assert.Equal("Accept-Encoding", response.Headers["vary"]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public void Http_IfNoneMatchOfSibling_NotModifiedWithVaryOnlyForGzipClients()
    {
        using var host = Host(All);
        var tag = Get(host, "/static/a.css", "Accept-Encoding: gzip\r\n").Headers["etag"];
        var notModified = Get(host, "/static/a.css", $"Accept-Encoding: gzip\r\nIf-None-Match: {tag}\r\n");
        Assert.Equal(304, notModified.Status);
        Assert.Equal(tag, notModified.Headers["etag"]);
        Assert.Equal("Accept-Encoding", notModified.Headers["vary"]);
        var plain = Get(host, "/static/a.css", $"If-None-Match: {tag}\r\n");
        Assert.Equal(200, plain.Status);
        Assert.NotEqual(tag, plain.Headers["etag"]);
    }

    [Fact]
    public void Http_RangeOnSibling_BytesOfTheCompressedFile()
    {
        using var host = Host(All with { HonourRange = true });
        var response = Get(host, "/static/a.css", "Accept-Encoding: gzip\r\nRange: bytes=0-1\r\n");
        Assert.Equal(206, response.Status);
        Assert.Equal("gzip", response.Headers["content-encoding"]);
        Assert.Equal($"bytes 0-1/{Compressed.Length}", response.Headers["content-range"]);
        Assert.Equal("gz", response.Text);
    }
}
