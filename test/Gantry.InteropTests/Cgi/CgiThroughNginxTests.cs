using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests.Cgi;

/// <summary>
/// CGI scripts behind real nginx: <c>uwsgi_pass</c> to <c>--socket</c> and <c>fastcgi_pass</c> to
/// <c>--fastcgi-socket</c> with nginx's stock params files, buffered and not.
/// </summary>
public sealed class CgiThroughNginxTests(CgiFrontsFixture fronts) : IClassFixture<CgiFrontsFixture>
{
    public static TheoryData<CgiSite> Sites() => new() { CgiSite.Uwsgi, CgiSite.FastCgi, CgiSite.UwsgiUnbuffered, CgiSite.FastCgiUnbuffered };

    private RawHttpResponse Exchange(CgiSite site, string request, byte[]? body = null)
    {
        using var connection = new RawHttpConnection(fronts.Port(site));
        connection.Send(request);
        if (body is not null)
        {
            connection.Send(body);
        }
        return connection.Read();
    }

    [Theory]
    [MemberData(nameof(Sites))]
    public void Hello_ThroughNginx_ScriptAnswers(CgiSite site)
    {
        var response = Exchange(site, "GET /cgi-bin/hello.cgi HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        Assert.True(response.Status == 200, $"{response.Status} {response.Text}\n{fronts.Logs}");
        Assert.Equal("text/plain", response.Headers["content-type"]);
        Assert.Equal("hello\n", response.Text);
    }

    [Theory]
    [MemberData(nameof(Sites))]
    public void PostEcho_ThroughNginx_ScriptReadsTheWholeBody(CgiSite site)
    {
        var body = RandomNumberGenerator.GetBytes(300_000);

        var response = Exchange(site,
            $"POST /cgi-bin/echo.py HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n", body);

        Assert.True(response.Status == 200, $"{response.Status} {response.Text}\n{fronts.Logs}");
        Assert.Equal($"{body.Length} {Convert.ToHexStringLower(SHA256.HashData(body))} application/octet-stream\n", response.Text);
    }

    [Theory]
    [MemberData(nameof(Sites))]
    public void Environment_AsNginxSendsIt_ScriptNameIsTheScriptAndPathInfoTheRest(CgiSite site)
    {
        var response = Exchange(site, "GET /cgi-bin/env.py/extra/path?x=1 HTTP/1.1\r\nHost: cgi.test\r\nX-Custom: yes\r\nConnection: close\r\n\r\n");

        Assert.True(response.Status == 200, $"{response.Status} {response.Text}\n{fronts.Logs}");
        var environment = JsonSerializer.Deserialize(response.Body, EnvironJson.Default.DictionaryStringString)!;
        Assert.Equal("/cgi-bin/env.py", environment["SCRIPT_NAME"]);
        Assert.Equal("/extra/path", environment["PATH_INFO"]);
        Assert.EndsWith("/cgi-bin/env.py", environment["SCRIPT_FILENAME"], StringComparison.Ordinal);
        Assert.Equal("x=1", environment["QUERY_STRING"]);
        Assert.Equal("/cgi-bin/env.py/extra/path?x=1", environment["REQUEST_URI"]);
        Assert.Equal("GET", environment["REQUEST_METHOD"]);
        Assert.Equal("CGI/1.1", environment["GATEWAY_INTERFACE"]);
        Assert.Equal("yes", environment["HTTP_X_CUSTOM"]);
        Assert.Equal("cgi.test", environment["HTTP_HOST"]);
        Assert.Equal("127.0.0.1", environment["REMOTE_ADDR"]);
        Assert.Equal(fronts.Port(site).ToString(System.Globalization.CultureInfo.InvariantCulture), environment["SERVER_PORT"]);
    }

    [Theory]
    [MemberData(nameof(Sites))]
    public void StatusHeader_404_NginxPassesItOn(CgiSite site)
    {
        var response = Exchange(site, "GET /cgi-bin/status.cgi HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        Assert.True(response.Status == 404, $"{response.Status} {response.Text}\n{fronts.Logs}");
        Assert.Equal("nope\n", response.Text);
    }

    [Theory]
    [MemberData(nameof(Sites))]
    public void MissingScript_404(CgiSite site)
    {
        var response = Exchange(site, "GET /cgi-bin/missing.cgi HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        Assert.True(response.Status == 404, $"{response.Status} {response.Text}\n{fronts.Logs}");
        Assert.Equal("Not Found", response.Text);
    }

    /// <summary>
    /// The script cannot write its second block before the client holds the first (it waits for the go file the
    /// client writes once "first" arrived): nginx without buffering passes each block on as gantry does.
    /// </summary>
    [Theory]
    [InlineData(CgiSite.UwsgiUnbuffered)]
    [InlineData(CgiSite.FastCgiUnbuffered)]
    public void SlowScript_Unbuffered_FirstBlockArrivesBeforeTheScriptWritesTheSecond(CgiSite site)
    {
        var id = Guid.NewGuid().ToString("N");
        using var connection = new RawHttpConnection(fronts.Port(site));

        connection.Send($"GET /cgi-bin/stream.cgi?id={id} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        connection.WaitFor("first\n");
        var secondWritten = File.Exists(Path.Combine(fronts.Markers, "second-" + id));
        File.WriteAllText(Path.Combine(fronts.Markers, "go-" + id), "go");
        var response = connection.Read();

        Assert.False(secondWritten, "the first block reached the client only after the script began its second\n" + fronts.Logs);
        Assert.True(response.Status == 200, $"{response.Status}\n{fronts.Logs}");
        Assert.Equal("first\nsecond\n", Encoding.ASCII.GetString(response.Body));
    }

    /// <summary>
    /// uWSGI's CGI documentation puts <c>uwsgi_modifier1 9;</c> in nginx's location (modifier 9 is the cgi plugin):
    /// a drop-in must answer such a site's requests with the script, as it does those with modifier 0.
    /// </summary>
    [Fact]
    public void UwsgiModifier9_AsUwsgiDocumentsIt_ScriptAnswers()
    {
        var response = Exchange(CgiSite.UwsgiModifier9, "GET /cgi-bin/hello.cgi HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        Assert.True(response.Status == 200, $"{response.Status} {response.Text}\n{fronts.Logs}");
        Assert.Equal("hello\n", response.Text);
    }
}
