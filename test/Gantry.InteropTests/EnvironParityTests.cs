using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>
/// One request through gantry's HTTP socket, through nginx → uwsgi and through nginx → FastCGI (stock params, TCP
/// and unix sockets): the application must see the same request. Every environ key is either one that must agree
/// or one listed here with the reason it legitimately differs. The request repeats a header (X-Dup three times) and
/// Cookie (two lines), which nginx passes on as one variable per line: every front joins them alike.
/// </summary>
public sealed class EnvironParityTests(FrontsFixture fronts) : IClassFixture<FrontsFixture>
{
    /// <summary>Keys whose values must be equal whichever front carried the request.</summary>
    private static readonly string[] Agreeing =
    [
        "REQUEST_METHOD", "REQUEST_URI", "PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "SERVER_PROTOCOL",
        "CONTENT_TYPE", "CONTENT_LENGTH", "REMOTE_ADDR", "HTTP_HOST", "HTTP_USER_AGENT", "HTTP_ACCEPT",
        "HTTP_X_CUSTOM", "HTTP_X_DUP", "HTTP_COOKIE", "wsgi.url_scheme", "x.body_length", "x.body_sha256", "x.pid",
    ];

    /// <summary>Keys that differ by design, and why.</summary>
    private static readonly Dictionary<string, string> Differing = new()
    {
        ["SERVER_NAME"] = "the name of the server the client reached: gantry's listener address, or nginx's server_name",
        ["SERVER_PORT"] = "the port the client reached: gantry's or nginx's",
        ["REMOTE_PORT"] = "the client's ephemeral port, new for every connection",
        ["DOCUMENT_ROOT"] = "nginx's root; gantry has none (uwsgi_params and fastcgi_params send it)",
        ["REQUEST_SCHEME"] = "sent by nginx's params files only; wsgi.url_scheme is what agrees",
        ["DOCUMENT_URI"] = "fastcgi_params only (the decoded path, which gantry also uses for PATH_INFO)",
        ["GATEWAY_INTERFACE"] = "fastcgi_params only (CGI/1.1)",
        ["SERVER_SOFTWARE"] = "fastcgi_params only (nginx/version)",
        ["SERVER_ADDR"] = "fastcgi_params only (nginx's local address)",
        ["REDIRECT_STATUS"] = "fastcgi_params only (a PHP setting)",
        ["HTTP_CONNECTION"] = "hop-by-hop: nginx talks to gantry on its own connection and does not forward the client's",
    };

    public static TheoryData<string> Requests() => new() { "GET", "POST" };

    [Theory]
    [MemberData(nameof(Requests))]
    public void SameRequest_EveryFront_SameEnviron(string method)
    {
        var direct = Dump(fronts.GantryHttp.Port, method);
        var dumps = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["http"] = direct,
            ["uwsgi tcp"] = Dump(fronts.Port(FrontSite.UwsgiTcp), method),
            ["uwsgi unix"] = Dump(fronts.Port(FrontSite.UwsgiUnix), method),
            ["fastcgi tcp"] = Dump(fronts.Port(FrontSite.FastCgiTcp), method),
            ["fastcgi unix"] = Dump(fronts.Port(FrontSite.FastCgiUnix), method),
        };
        foreach (var (front, dump) in dumps)
        {
            foreach (var key in Agreeing)
            {
                Assert.True(Value(direct, key) == Value(dump, key),
                    $"{method} {key}: http has '{Value(direct, key)}', {front} has '{Value(dump, key)}'");
            }
            var unexplained = dump.Keys.Where(key => !Agreeing.Contains(key) && !Differing.ContainsKey(key)).ToArray();
            Assert.True(unexplained.Length == 0, $"{front} has keys neither agreeing nor explained: {string.Join(", ", unexplained)}");
        }
        Assert.Equal("/parity/caf\u00c3\u00a9", direct["PATH_INFO"]);
        // RFC 9110 §5.3 (lines of one field joined with ", ") and RFC 6265 §5.4 / RFC 9113 §8.2.3 (cookies with "; ").
        Assert.Equal("first, second, third", direct["HTTP_X_DUP"]);
        Assert.Equal("a=1; b=2; c=3", direct["HTTP_COOKIE"]);
        // nginx forwards Content-Type and Content-Length as HTTP_* too; wsgiref.validate refuses them in an environ.
        foreach (var (front, dump) in dumps)
        {
            Assert.False(dump.ContainsKey("HTTP_CONTENT_TYPE"), $"{method}: {front} has HTTP_CONTENT_TYPE");
            Assert.False(dump.ContainsKey("HTTP_CONTENT_LENGTH"), $"{method}: {front} has HTTP_CONTENT_LENGTH");
        }
        if (method == "POST")
        {
            Assert.All(dumps.Values, dump => Assert.Equal("application/x-www-form-urlencoded", dump["CONTENT_TYPE"]));
        }
        var seen = dumps.Values.SelectMany(dump => dump.Keys).ToHashSet();
        Assert.All(Differing.Keys, key => Assert.Contains(key, seen));
    }

    /// <summary>
    /// A site that includes Debian's params (HTTP_HOST $host) and then sets HTTP_HOST and SERVER_NAME itself: nginx sends
    /// both params, and the later one wins, as in uWSGI and php-fpm; the repeated client header is still joined.
    /// </summary>
    [Theory]
    [InlineData(FrontSite.UwsgiTcpOverride)]
    [InlineData(FrontSite.FastCgiTcpOverride)]
    public void SiteParamsAfterStockParams_RepeatedParam_LastValueWins(FrontSite site)
    {
        // With the port, so that the site's $http_host is told apart from Debian's $host.
        var port = fronts.Port(site);
        var environ = Dump(port, "GET", $"parity.test:{port}");
        Assert.Equal($"parity.test:{port}", environ["HTTP_HOST"]);
        Assert.Equal("override.test", environ["SERVER_NAME"]);
        Assert.Equal("first, second, third", environ["HTTP_X_DUP"]);
    }

    /// <summary>PEP 3333: CONTENT_TYPE and CONTENT_LENGTH "may be empty or absent", so the two count as the same.</summary>
    private static string? Value(IReadOnlyDictionary<string, string> dump, string key) =>
        dump.TryGetValue(key, out var value) && !(value.Length == 0 && key is "CONTENT_TYPE" or "CONTENT_LENGTH") ? value : null;

    private static IReadOnlyDictionary<string, string> Dump(int port, string method, string host = "parity.test")
    {
        using var connection = new RawHttpConnection(port);
        var body = method == "POST" ? "k=v&z=%C3%A9" : string.Empty;
        var framing = method == "POST" ? $"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\n" : string.Empty;
        connection.Send($"{method} /parity/caf%C3%A9?x=1&y=%20 HTTP/1.1\r\nHost: {host}\r\nUser-Agent: interop\r\nAccept: text/plain\r\n" +
            $"X-Dup: first\r\nX-Custom: a\r\nCookie: a=1; b=2\r\nX-Dup: second\r\n{framing}Cookie: c=3\r\nX-Dup: third\r\nConnection: close\r\n\r\n{body}");
        var response = connection.Read();
        Assert.Equal(200, response.Status);
        return response.Environ;
    }
}
