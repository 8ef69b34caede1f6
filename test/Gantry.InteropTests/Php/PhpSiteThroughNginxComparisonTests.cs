using System.Text.Json;
using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests.Php;

/// <summary>
/// The seed's PHP site served by nginx and by gantry on the same tree and the same php-fpm: for a table of URLs the
/// status, the key headers (Content-Type, the Location's path, ETag and Last-Modified of files) and, for 200s, the
/// body are the same. Error pages differ by design (nginx's HTML against gantry's text/plain), so their bodies are not
/// compared; nor is the Location's scheme and host (nginx's absolute_redirect writes them, gantry answers the path).
/// </summary>
public sealed class PhpSiteThroughNginxComparisonTests(PhpSiteFixture site) : IClassFixture<PhpSiteFixture>
{
    public static TheoryData<string, string> Plain() => new()
    {
        { "GET", "/" },
        { "GET", "/index.php" },
        { "GET", "/hello.php" },
        { "GET", "/hello.php/extra/path" },
        { "GET", "/hello.php?x=1" },
        { "GET", "/style.css" },
        { "GET", "/robots.txt" },
        { "HEAD", "/style.css" },
        { "POST", "/style.css" },
        { "GET", "/docs" },
        { "GET", "/docs?a=1" },
        { "GET", "/docs/" },
        { "GET", "/docs/guide.html" },
        { "GET", "/both/" },
        { "GET", "/onlyphp/" },
        { "GET", "/empty/" },
        { "GET", "/missing" },
        { "GET", "/missing.php" },
        { "GET", "/missing.php/x" },
        { "GET", "/uploads/avatar.jpg" },
        { "GET", "/uploads/avatar.jpg/x.php" },
        { "GET", "/uploads/avatar.jpg/.php" },
        { "GET", "/uploads/shell.php" },
        { "GET", "/robots.txt/x.php" },
        { "GET", "/dir.php" },
        { "GET", "/dir.php/inner.txt" },
        { "GET", "/dir.php/" },
        { "GET", "/../etc/passwd" },
        { "GET", "/%2e%2e/%2e%2e/etc/passwd" },
        { "GET", "/docs/..%2f..%2f..%2fetc/passwd" },
        { "GET", "/docs/../hello.php" },
        { "GET", "/docs/./guide.html" },
        { "GET", "//hello.php" },
        { "GET", "/hello.php%00.txt" },
        { "GET", "/%68ello.php" },
        { "GET", "/hello.PHP" },
        { "GET", "/hello.php.txt" },
    };

    public static TheoryData<string, string> FrontController() => new()
    {
        { "GET", "/" },
        { "GET", "/hello/world?x=1&y=2" },
        { "GET", "/nothing/here" },
        { "GET", "/style.css" },
        { "GET", "/docs" },
        { "GET", "/empty/" },
        { "GET", "/missing.php" },
        { "GET", "/uploads/shell.php" },
        { "GET", "/go" },
    };

    [Theory]
    [MemberData(nameof(Plain))]
    public void SeedSite_TryFiles404_SameAnswerAsNginx(string method, string target) =>
        AssertSame(method, target, site.NginxPlain, site.GantryPlain);

    [Theory]
    [MemberData(nameof(FrontController))]
    public void SeedSite_FrontController_SameAnswerAsNginx(string method, string target) =>
        AssertSame(method, target, site.NginxFront, site.GantryFront);

    [Fact]
    public void FormPost_FrontController_SameAnswerAsNginx()
    {
        const string Body = "name=Ada&x=1";
        var request = $"POST /form HTTP/1.1\r\nHost: php.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}";

        var nginx = Exchange(site.NginxFront, request);
        var gantry = Exchange(site.GantryFront, request);

        Assert.Equal(nginx.Status, gantry.Status);
        Assert.Equal(nginx.Text, gantry.Text);
    }

    /// <summary>The params PHP sees, compared name by name (those both servers send; nginx's own extras are listed).</summary>
    [Fact]
    public void Params_InfoScript_SameServerVariablesAsNginx()
    {
        const string Target = "/info/env.php/tail/x?q=1&r=%20";
        var nginx = Variables(Exchange(site.NginxPlain, Get(Target, "X-Custom: yes\r\n")));
        var gantry = Variables(Exchange(site.GantryPlain, Get(Target, "X-Custom: yes\r\n")));

        foreach (var name in new[]
        {
            "SCRIPT_FILENAME", "SCRIPT_NAME", "PATH_INFO", "DOCUMENT_URI", "DOCUMENT_ROOT", "QUERY_STRING", "REQUEST_URI",
            "REQUEST_METHOD", "SERVER_PROTOCOL", "GATEWAY_INTERFACE", "REDIRECT_STATUS", "REQUEST_SCHEME", "REMOTE_ADDR",
            "HTTP_X_CUSTOM", "PHP_SELF", "FCGI_ROLE", "SERVER_ADDR",
        })
        {
            Assert.True(nginx.TryGetValue(name, out var expected), $"nginx did not send {name}");
            Assert.True(gantry.TryGetValue(name, out var actual) && actual == expected, $"{name}: nginx '{expected}', gantry '{actual}'");
        }
        // Sent by nginx and not by gantry: REMOTE_USER (empty without auth_basic), CONTENT_TYPE (empty without a body).
        var missing = nginx.Keys.Except(gantry.Keys).Except(["REMOTE_USER", "CONTENT_TYPE"]).ToList();
        Assert.True(missing.Count == 0, "gantry does not send: " + string.Join(", ", missing));
    }

    private void AssertSame(string method, string target, int nginxPort, int gantryPort)
    {
        var request = $"{method} {target} HTTP/1.1\r\nHost: php.test\r\nConnection: close\r\n" + (method == "POST" ? "Content-Length: 3\r\n\r\nx=1" : "\r\n");
        var nginx = Exchange(nginxPort, request, method == "HEAD");
        var gantry = Exchange(gantryPort, request, method == "HEAD");
        var what = $"{method} {target}";

        Assert.True(nginx.Status == gantry.Status, $"{what}: nginx {nginx.Status}, gantry {gantry.Status} {gantry.Text}\n{site.Logs}");
        Assert.Equal(LocationPath(nginx), LocationPath(gantry));
        if (nginx.Status is 200 or 201 or 302 or 404 && nginx.Headers.ContainsKey("x-powered-by"))
        {
            // php-fpm answered both: the whole answer is PHP's.
            Assert.Equal(nginx.Text, gantry.Text);
            Assert.Equal(Header(nginx, "content-type"), Header(gantry, "content-type"));
        }
        else if (nginx.Status == 200)
        {
            Assert.Equal(nginx.Text, gantry.Text);
            Assert.Equal(Header(nginx, "content-type"), Header(gantry, "content-type"));
            Assert.Equal(Header(nginx, "etag"), Header(gantry, "etag"));
            Assert.Equal(Header(nginx, "last-modified"), Header(gantry, "last-modified"));
        }
    }

    private static string Get(string target, string headers = "") => $"GET {target} HTTP/1.1\r\nHost: php.test\r\n{headers}Connection: close\r\n\r\n";

    private static RawHttpResponse Exchange(int port, string request, bool head = false)
    {
        using var connection = new RawHttpConnection(port);
        connection.Send(request);
        return connection.Read(head);
    }

    private static string? Header(RawHttpResponse response, string name) => response.Headers.TryGetValue(name, out var value) ? value : null;

    private static string? LocationPath(RawHttpResponse response) =>
        Header(response, "location") is not { } location ? null
        : Uri.TryCreate(location, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal) ? absolute.PathAndQuery : location;

    private static Dictionary<string, string> Variables(RawHttpResponse response) =>
        JsonDocument.Parse(response.Body).RootElement.EnumerateObject().ToDictionary(pair => pair.Name, pair => pair.Value.ToString());
}
