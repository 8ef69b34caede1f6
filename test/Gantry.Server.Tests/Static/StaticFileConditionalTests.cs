using System.Globalization;
using Gantry.Server.Listeners;
using Gantry.Server.Static;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Static;

/// <summary>ETag, If-None-Match and If-Range on static responses (RFC 9110 §8.8.3, §13), over a real HTTP socket.</summary>
public sealed class StaticFileConditionalTests : IDisposable
{
    private readonly StaticTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private FrontHost Host() =>
        new(ListenerProtocol.Http, TestApps.Hello(), new ServerOptions { DisableLogging = true }, staticFiles: new StaticFileOptions
        {
            Mappings = [new StaticMapping("/static", _tree.Root, AppendWholePath: false)],
            HonourRange = true,
        });

    /// <summary>nginx's "%xT-%xO" for a.css (7 bytes).</summary>
    private string Tag()
    {
        var seconds = new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(_tree.Root, "a.css"))).ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"\"{seconds:x}-7\"");
    }

    private static RawResponse Get(FrontHost host, string extra = "", string method = "GET")
    {
        using var client = new RawHttpClient(host.Endpoint);
        client.Send($"{method} /static/a.css HTTP/1.1\r\nHost: t\r\n{extra}\r\n");
        return client.ReadResponse(forHead: method == "HEAD")!;
    }

    [Fact]
    public void Http_Get_ETagInNginxForm()
    {
        using var host = Host();
        var response = Get(host);
        Assert.Equal(200, response.Status);
        Assert.Equal(Tag(), response.Headers["etag"]);
        Assert.Matches("^\"[0-9a-f]+-7\"$", response.Headers["etag"]);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("\"1-1\", {0}, \"2-2\"")]
    [InlineData("*")]
    [InlineData("W/{0}")]
    public void Http_IfNoneMatchHits_NotModifiedWithETagNoBody(string format)
    {
        using var host = Host();
        var response = Get(host, $"If-None-Match: {string.Format(CultureInfo.InvariantCulture, format, Tag())}\r\n");
        Assert.Equal(304, response.Status);
        Assert.Equal(Tag(), response.Headers["etag"]);
        Assert.False(response.Headers.ContainsKey("content-type"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public void Http_IfNoneMatchMisses_FullFileEvenWhenIfModifiedSinceWouldMatch()
    {
        using var host = Host();
        var response = Get(host, "If-None-Match: \"1-1\"\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal(Tag(), response.Headers["etag"]);
        Assert.Equal("body{}\n", response.Text);
    }

    [Fact]
    public void Http_IfNoneMatchHits_NotModifiedEvenWhenIfModifiedSinceIsOlder()
    {
        using var host = Host();
        var response = Get(host, $"If-None-Match: {Tag()}\r\nIf-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT\r\n");
        Assert.Equal(304, response.Status);
    }

    [Fact]
    public void Http_IfModifiedSinceAlone_NotModifiedCarriesETag()
    {
        using var host = Host();
        var response = Get(host, "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n");
        Assert.Equal(304, response.Status);
        Assert.Equal(Tag(), response.Headers["etag"]);
    }

    [Fact]
    public void Http_Head_ETagAndNotModified()
    {
        using var host = Host();
        var head = Get(host, method: "HEAD");
        Assert.Equal(200, head.Status);
        Assert.Equal(Tag(), head.Headers["etag"]);
        Assert.Equal("7", head.Headers["content-length"]);
        var notModified = Get(host, $"If-None-Match: {Tag()}\r\n", "HEAD");
        Assert.Equal(304, notModified.Status);
        Assert.Equal(Tag(), notModified.Headers["etag"]);
    }

    [Fact]
    public void Http_IfRangeWithTag_PartialOnStrongMatchOnlyWithETag()
    {
        using var host = Host();
        var partial = Get(host, $"Range: bytes=1-3\r\nIf-Range: {Tag()}\r\n");
        Assert.Equal(206, partial.Status);
        Assert.Equal(Tag(), partial.Headers["etag"]);
        Assert.Equal("ody", partial.Text);
        var weak = Get(host, $"Range: bytes=1-3\r\nIf-Range: W/{Tag()}\r\n");
        Assert.Equal(200, weak.Status);
        Assert.Equal("body{}\n", weak.Text);
        var other = Get(host, "Range: bytes=1-3\r\nIf-Range: \"1-7\"\r\n");
        Assert.Equal(200, other.Status);
    }
}
