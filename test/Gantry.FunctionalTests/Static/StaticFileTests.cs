using System.Net;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Mount;

namespace Gantry.FunctionalTests.Static;

/// <summary>
/// static-map, check-static, static-index and static-skip-ext through the real binary, started with the same ini as
/// Debian's uWSGI and asked the same requests: status, body, Content-Type and Content-Length must agree.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class StaticFileTests
{
    private static readonly string[] Paths =
    [
        "/static/css/site.css", "/static/js/app.js", "/static/docs", "/static/docs/", "/static/docs/index.html",
        "/static/empty.txt", "/static/missing.css", "/static/%2e%2e/secret/key.txt", "/static/leak.txt",
        "/static/settings.py", "/static", "/staticx", "/robots.txt", "/", "/index.html", "/app/page",
    ];

    private static async Task<HttpProbeResponse> SendAsync(EndPoint endPoint, string method, string path, string headers = "")
    {
        await using var probe = await HttpProbe.ConnectAsync(endPoint);
        await probe.SendAsync($"{method} {path} HTTP/1.0\r\nHost: localhost\r\n{headers}\r\n");
        return await probe.ReadResponseAsync(method);
    }

    private static string Describe(HttpProbeResponse response) =>
        $"{response.StatusCode} type={response.Header("Content-Type")} length={response.Header("Content-Length")} body={response.BodyText}";

    [Fact]
    public async Task StaticRows_SameRequests_SameAnswersAsUwsgi()
    {
        using var site = new StaticSite();
        await using var gantry = await GantryProcess.StartReadyAsync(["--http-socket", "127.0.0.1:0", "--ini", site.Ini], site.Path);
        await using var uwsgi = await UwsgiReference.StartAsync(site.Path, "http-socket", ["--ini", site.Ini]);
        var gantryEndPoint = gantry.Addresses[0].ToEndPoint();

        foreach (var method in new[] { "GET", "HEAD" })
        {
            foreach (var path in Paths)
            {
                var expected = await SendAsync(uwsgi.EndPoint, method, path);
                var actual = await SendAsync(gantryEndPoint, method, path);
                Assert.True(Describe(expected) == Describe(actual),
                    $"{method} {path}: uWSGI {Describe(expected)}, gantry {Describe(actual)}\n{gantry.Output}");
            }
        }

        var css = await SendAsync(gantryEndPoint, "GET", "/static/css/site.css");
        Assert.Equal("text/css", css.Header("Content-Type"));
        Assert.Equal(site.LastModified("static/css/site.css"), css.Header("Last-Modified"));
        Assert.StartsWith("APP ", (await SendAsync(gantryEndPoint, "GET", "/static/leak.txt")).BodyText, StringComparison.Ordinal);
        Assert.Contains("security error", gantry.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IfModifiedSince_AtMtime_304LikeUwsgi()
    {
        using var site = new StaticSite();
        await using var gantry = await GantryProcess.StartReadyAsync(["--http-socket", "127.0.0.1:0", "--ini", site.Ini], site.Path);
        await using var uwsgi = await UwsgiReference.StartAsync(site.Path, "http-socket", ["--ini", site.Ini]);
        var since = $"If-Modified-Since: {site.LastModified("static/css/site.css")}\r\n";

        var expected = await SendAsync(uwsgi.EndPoint, "GET", "/static/css/site.css", since);
        var actual = await SendAsync(gantry.Addresses[0].ToEndPoint(), "GET", "/static/css/site.css", since);

        Assert.Equal(304, expected.StatusCode);
        Assert.Equal(Describe(expected), Describe(actual));
    }

    [Theory]
    [InlineData("bytes=2-5", 206)]
    [InlineData("bytes=-4", 206)]
    [InlineData("bytes=10-", 206)]
    [InlineData("bytes=9999-", 416)]
    public async Task HonourRange_SingleRange_SameAsUwsgi(string range, int status)
    {
        using var site = new StaticSite();
        string[] arguments = ["--ini", site.Ini, "--honour-range"];
        await using var gantry = await GantryProcess.StartReadyAsync(["--http-socket", "127.0.0.1:0", .. arguments], site.Path);
        await using var uwsgi = await UwsgiReference.StartAsync(site.Path, "http-socket", arguments);

        var expected = await SendAsync(uwsgi.EndPoint, "GET", "/static/css/site.css", $"Range: {range}\r\n");
        var actual = await SendAsync(gantry.Addresses[0].ToEndPoint(), "GET", "/static/css/site.css", $"Range: {range}\r\n");

        Assert.Equal(status, expected.StatusCode);
        Assert.Equal((expected.StatusCode, expected.Header("Content-Range"), expected.BodyText),
            (actual.StatusCode, actual.Header("Content-Range"), actual.BodyText));
    }

    [Fact]
    public async Task LargeFile_8MiB_ByteExactFromBothServers()
    {
        using var site = new StaticSite();
        await using var gantry = await GantryProcess.StartReadyAsync(["--http-socket", "127.0.0.1:0", "--ini", site.Ini], site.Path);
        await using var uwsgi = await UwsgiReference.StartAsync(site.Path, "http-socket", ["--ini", site.Ini]);

        var expected = await SendAsync(uwsgi.EndPoint, "GET", "/static/big.bin");
        var actual = await SendAsync(gantry.Addresses[0].ToEndPoint(), "GET", "/static/big.bin");

        Assert.Equal(site.LargeFile, expected.Body);
        Assert.Equal(site.LargeFile, actual.Body);
        Assert.Equal(expected.Header("Content-Type"), actual.Header("Content-Type"));
        Assert.Equal(StaticSite.LargeFileSize.ToString(System.Globalization.CultureInfo.InvariantCulture), actual.Header("Content-Length"));
    }

    [Fact]
    public async Task UwsgiSocket_StaticMap_ServedBeforeTheApp()
    {
        using var site = new StaticSite();
        await using var gantry = await GantryProcess.StartReadyAsync(["--socket", "127.0.0.1:0", "--ini", site.Ini], site.Path);

        var address = gantry.Addresses[0];
        await using var probe = await HttpProbe.ConnectAsync(address);
        await probe.SendAsync(Support.UwsgiRequest.Get("/static/js/app.js", "127.0.0.1", address.Port));
        var response = System.Text.Encoding.Latin1.GetString(await probe.ReadToEndAsync());

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 19\r\n", response, StringComparison.Ordinal);
        Assert.Contains("console.log('hi');", response, StringComparison.Ordinal);
    }
}
