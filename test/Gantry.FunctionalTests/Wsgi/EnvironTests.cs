using System.Globalization;
using System.Net;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>
/// The environ of PEP 3333 ("environ Variables") and RFC 3875 §4.1 as an app inside wsgiref.validate.validator sees
/// it through a real HTTP request.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class EnvironTests
{
    [Fact]
    public async Task Environ_GetWithQuery_HasEveryCgiAndWsgiVariable()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        var address = gantry.Addresses[0];
        await using var probe = await HttpProbe.ConnectAsync(address);
        var clientPort = ((IPEndPoint)probe.Socket.LocalEndPoint!).Port;

        await probe.SendAsync("GET /environ/a/b?x=1&y=%20z HTTP/1.1\r\nHost: example.test:8080\r\nUser-Agent: probe/1\r\n\r\n");
        var environ = ProbeEnviron.Parse(await probe.ReadResponseAsync());

        Assert.Equal("GET", environ["REQUEST_METHOD"]);
        Assert.Equal("", environ["SCRIPT_NAME"]);
        Assert.Equal("/environ/a/b", environ["PATH_INFO"]);
        Assert.Equal("x=1&y=%20z", environ["QUERY_STRING"]);
        Assert.Equal("HTTP/1.1", environ["SERVER_PROTOCOL"]);
        Assert.False(string.IsNullOrEmpty(environ["SERVER_NAME"]));
        Assert.Equal(address.Port.ToString(CultureInfo.InvariantCulture), environ["SERVER_PORT"]);
        Assert.Equal("127.0.0.1", environ["REMOTE_ADDR"]);
        Assert.Equal(clientPort.ToString(CultureInfo.InvariantCulture), environ["REMOTE_PORT"]);
        Assert.Equal("example.test:8080", environ["HTTP_HOST"]);
        Assert.Equal("probe/1", environ["HTTP_USER_AGENT"]);
        Assert.Equal("[1, 0]", environ["wsgi.version"]);
        Assert.Equal("http", environ["wsgi.url_scheme"]);
        Assert.Equal("false", environ["wsgi.run_once"]);
        Assert.Contains(environ["wsgi.multithread"], new[] { "true", "false" });
        Assert.Contains(environ["wsgi.multiprocess"], new[] { "true", "false" });
        Assert.Equal("true", environ["has wsgi.file_wrapper"]);
        Assert.Equal("true", environ["wsgi.errors is text"]);
        await OutputAssert.LogsAsync(gantry, "probe: wsgi.errors works");
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Environ_PostWithBody_HasContentTypeAndLengthButNoHttpDuplicates()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var environ = await ProbeEnviron.FetchAsync(gantry.Addresses[0],
            "POST /environ HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\nConnection: close\r\n\r\na=1&b=2");

        Assert.Equal("POST", environ["REQUEST_METHOD"]);
        Assert.Equal("application/x-www-form-urlencoded", environ["CONTENT_TYPE"]);
        Assert.Equal("7", environ["CONTENT_LENGTH"]);

        // RFC 3875 §4.1.18: Content-Type and Content-Length are given as CONTENT_*, not again as HTTP_* variables.
        Assert.False(environ.Has("HTTP_CONTENT_TYPE"), "HTTP_CONTENT_TYPE duplicates CONTENT_TYPE");
        Assert.False(environ.Has("HTTP_CONTENT_LENGTH"), "HTTP_CONTENT_LENGTH duplicates CONTENT_LENGTH");
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData("/environ/caf%C3%A9", "/environ/caf\u00c3\u00a9")]
    [InlineData("/environ/a%20b", "/environ/a b")]
    [InlineData("/environ/x%2Fy", "/environ/x/y")]
    [InlineData("/environ/100%25", "/environ/100%")]
    [InlineData("/environ/what%3F", "/environ/what?")]
    [InlineData("/environ/%e9t%E9", "/environ/\u00e9t\u00e9")]
    [InlineData("/environ/\u00e9t\u00e9", "/environ/\u00e9t\u00e9")]
    [InlineData("/environ/%2e%2e/x", "/environ/../x")]
    [InlineData("/environ/a%zzb%4", "/environ/a%zzb%4")]
    public async Task PathInfo_EncodedPath_PercentDecodedIntoLatin1Characters(string target, string expectedPathInfo)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        // The probe sends the target as Latin-1 bytes, so "\u00e9" goes out as the single byte 0xE9.
        var environ = await ProbeEnviron.FetchAsync(gantry.Addresses[0], $"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        // PEP 3333 "Unicode Issues": native strings hold the bytes as Latin-1, one character per byte.
        Assert.Equal(expectedPathInfo, environ["PATH_INFO"]);
        Assert.Equal("", environ["QUERY_STRING"]);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Headers_RepeatedField_JoinedWithCommaSpaceInWireOrder()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var environ = await ProbeEnviron.FetchAsync(gantry.Addresses[0],
            "GET /environ HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.1\r\nAccept: text/html\r\nx-forwarded-for: 10.0.0.2\r\n"
            + "X-Forwarded-For: 10.0.0.3, 10.0.0.4\r\nX-Empty-Ish:   padded value  \r\nConnection: close\r\n\r\n");

        // RFC 9110 §5.3: a recipient may combine field lines of one name into one value joined by ", ".
        Assert.Equal("10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4", environ["HTTP_X_FORWARDED_FOR"]);
        Assert.Equal("text/html", environ["HTTP_ACCEPT"]);
        Assert.Equal("padded value", environ["HTTP_X_EMPTY_ISH"]);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Environ_Http10Request_ReportsHttp10Protocol()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var environ = await ProbeEnviron.FetchAsync(gantry.Addresses[0], "GET /environ?v=10 HTTP/1.0\r\n\r\n");

        Assert.Equal("HTTP/1.0", environ["SERVER_PROTOCOL"]);
        Assert.Equal("v=10", environ["QUERY_STRING"]);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Environ_AbsoluteFormTarget_PathAndQueryTakenFromIt()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        // RFC 9112 §3.2.2: a server must accept the absolute form.
        var environ = await ProbeEnviron.FetchAsync(gantry.Addresses[0],
            "GET http://example.test/environ/abs?q=1 HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n");

        Assert.Equal("/environ/abs", environ["PATH_INFO"]);
        Assert.Equal("q=1", environ["QUERY_STRING"]);
        OutputAssert.NoTraceback(gantry);
    }
}
