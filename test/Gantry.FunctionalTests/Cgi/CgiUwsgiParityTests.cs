using System.Text;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// The same scripts asked the same requests by gantry and by uWSGI 2.0.21's cgi plugin: status, Content-Type,
/// Location and body must agree, and an environment dump variable by variable (RFC 3875 §4.1 and what uWSGI adds).
/// </summary>
[Collection(Infrastructure.GantryCollection.Name)]
public sealed class CgiUwsgiParityTests(CgiServersFixture fixture) : IClassFixture<CgiServersFixture>
{
    /// <summary>Never compared: the server's name and version, and the client's ephemeral port (uWSGI's http-socket sends none).</summary>
    private static readonly string[] NotCompared = ["SERVER_SOFTWARE", "REMOTE_PORT"];

    private CgiServers Servers => fixture.Servers;

    public static TheoryData<string, string> SameAnswers() => new()
    {
        { "GET", "/cgi-bin/hello.cgi" },
        { "GET", "/cgi-bin/hello.cgi?x=1" },
        { "GET", "/cgi-bin/status.cgi" },
        { "GET", "/cgi-bin/redirect.cgi" },
        { "GET", "/cgi-bin/sub" },
        { "GET", "/cgi-bin/sub?q=1" },
        { "GET", "/cgi-bin/sub/" },
        { "GET", "/cgi-bin/sub/index.cgi" },
        { "GET", "/cgi-bin/sub/index.cgi/more/path" },
        { "GET", "/cgi-bin/missing.cgi" },
        { "GET", "/cgi-bin/missing/deeper.cgi" },
        { "GET", "/cgi-bin/noexec.cgi" },
        { "GET", "/cgi-bin/notes.txt" },
        { "GET", "/cgi-bin/plain.py" },
        { "GET", "/cgi-bin/stderr.cgi" },
        { "GET", "/cgi-bin/stream.cgi" },
        { "GET", "/cgi-bin/hello.cgi/extra" },
        { "POST", "/cgi-bin/hello.cgi" },
        { "HEAD", "/cgi-bin/hello.cgi" },
        { "HEAD", "/cgi-bin/missing.cgi" },
        { "GET", "/cgi-bin/large.cgi" },
        { "GET", "/cgi-bin/nocontent.cgi" },
    };

    [Theory]
    [MemberData(nameof(SameAnswers))]
    public async Task Request_SameScripts_SameAnswerAsUwsgi(string method, string target)
    {
        var (uwsgi, gantry) = await Servers.AskBothAsync(method, target);

        Assert.True(uwsgi == gantry, $"{method} {target}: uWSGI {uwsgi}, gantry {gantry}\n{Servers.Logs}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(70_000)]
    [InlineData(1_000_000)]
    public async Task PostEcho_BodyOfLength_SameAnswerAsUwsgi(int length)
    {
        var body = new byte[length];
        new Random(length).NextBytes(body);
        var headers = "Content-Type: application/octet-stream\r\n";

        var uwsgi = await CgiClient.SendAsync(Servers.Uwsgi.EndPoint, "POST", "/cgi-bin/echo.py", headers, body);
        var gantry = await CgiClient.SendAsync(Servers.GantryEndPoint, "POST", "/cgi-bin/echo.py", headers, body);

        Assert.True(uwsgi is not null && gantry is not null, $"a server closed without answering\n{Servers.Logs}");
        Assert.Equal((200, "application/octet-stream", length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (gantry.StatusCode, gantry.Header("Content-Type"), gantry.Header("X-Received")));
        Assert.Equal((uwsgi.StatusCode, uwsgi.Header("Content-Type"), uwsgi.Header("X-Received")),
            (gantry.StatusCode, gantry.Header("Content-Type"), gantry.Header("X-Received")));
        Assert.True(body.AsSpan().SequenceEqual(gantry.Body), $"gantry echoed {gantry.Body.Length} bytes, not the {length} sent");
        Assert.True(body.AsSpan().SequenceEqual(uwsgi.Body), $"uWSGI echoed {uwsgi.Body.Length} bytes, not the {length} sent");
    }

    public static TheoryData<string, string, string> DumpRequests() => new()
    {
        { "GET", "/cgi-bin/env.py", "" },
        { "GET", "/cgi-bin/env.py/extra/path?x=1&y=%20z", "X-Custom: yes\r\nAccept: text/plain\r\nCookie: a=1; b=2\r\n" },
        { "GET", "/cgi-bin/env.py/caf%C3%A9/a%2fb?q=%C3%A9", "" },
        { "GET", "/cgi-bin//env.py", "" },
        { "GET", "/cgi-bin/env.py/", "" },
        { "GET", "/cgi-bin/env.py?a+b%20c+d", "" },
        { "GET", "/cgi-bin/env.py", "Authorization: Basic dXNlcjpwYXNz\r\nUser-Agent: parity/1\r\n" },
        { "POST", "/cgi-bin/env.py/p", "Content-Type: application/x-www-form-urlencoded\r\nX-Body: 1\r\n" },
        { "DELETE", "/cgi-bin/env.py", "" },
    };

    [Theory]
    [MemberData(nameof(DumpRequests))]
    public async Task EnvironmentDump_SameVariablesAsUwsgi(string method, string target, string headers)
    {
        var body = method == "POST" ? "a=1&b=2"u8.ToArray() : null;
        var (uwsgi, gantry) = await Servers.AskBothAsync(method, target, headers, body);
        Assert.True(uwsgi.Status == 200 && gantry.Status == 200, $"uWSGI {uwsgi}, gantry {gantry}\n{Servers.Logs}");
        var expected = CgiEnvironmentDump.Parse(uwsgi.Body);
        var actual = CgiEnvironmentDump.Parse(gantry.Body);

        // Each server's own port: the two listen on different ones.
        Assert.Equal(Servers.Uwsgi.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), expected["SERVER_PORT"]);
        Assert.Equal(Servers.GantryPort.ToString(System.Globalization.CultureInfo.InvariantCulture), actual["SERVER_PORT"]);
        // Deliberate difference of the HTTP front (not of CGI): SERVER_NAME is the listener's address where uWSGI's
        // http-socket gives the machine's host name (the uwsgi and FastCGI fronts take nginx's).
        Assert.Equal("127.0.0.1", actual["SERVER_NAME"]);
        Assert.False(string.IsNullOrEmpty(expected["SERVER_NAME"]));
        var differences = new StringBuilder();
        foreach (var name in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            if (NotCompared.Contains(name) || name is "SERVER_PORT" or "SERVER_NAME")
            {
                continue;
            }
            expected.TryGetValue(name, out var want);
            actual.TryGetValue(name, out var got);
            if (want != got)
            {
                differences.Append(System.Globalization.CultureInfo.InvariantCulture, $"{name}: uWSGI {want ?? "unset"}, gantry {got ?? "unset"}\n");
            }
        }

        Assert.True(differences.Length == 0, $"{method} {target}:\n{differences}\n--- uWSGI\n{uwsgi.Body}\n--- gantry\n{gantry.Body}");
    }

    [Fact]
    public async Task AllowedExtensionsAndHelper_SameAnswersAsUwsgi()
    {
        await using var servers = await CgiServers.StartAsync(
            "cgiext", "--cgi-allowed-ext", ".cgi", "--cgi-allowed-ext", ".py", "--cgi-helper", ".py=python3");
        (string Target, int Status)[] requests =
        [
            ("/cgi-bin/notes.txt", 403), ("/cgi-bin/plain.py", 200), ("/cgi-bin/hello.cgi", 200), ("/cgi-bin/noexec.cgi", 403),
            ("/cgi-bin/sub/", 200), ("/cgi-bin/echo.py", 200),
        ];

        foreach (var (target, status) in requests)
        {
            var (uwsgi, gantry) = await servers.AskBothAsync("GET", target);
            Assert.True(uwsgi == gantry, $"{target}: uWSGI {uwsgi}, gantry {gantry}\n{servers.Logs}");
            Assert.Equal(status, gantry.Status);
        }
    }

    [Fact]
    public async Task WholeSite_BareCgiDirectory_SameAnswersAsUwsgi()
    {
        await using var servers = await CgiServers.StartAsync("cgiwhole", site => ["--cgi", site.ScriptDirectory, "--cgi-index", "index.cgi"]);
        (string Target, int Status)[] requests =
        [
            ("/hello.cgi", 200), ("/sub", 301), ("/sub/", 200), ("/sub/index.cgi/x", 200), ("/status.cgi", 404), ("/missing.cgi", 404),
            ("/", 404), ("/noexec.cgi", 403),
        ];

        foreach (var (target, status) in requests)
        {
            var (uwsgi, gantry) = await servers.AskBothAsync("GET", target);
            Assert.True(uwsgi == gantry, $"{target}: uWSGI {uwsgi}, gantry {gantry}\n{servers.Logs}");
            Assert.Equal(status, gantry.Status);
        }
        var dumps = await servers.AskBothAsync("GET", "/env.py/x/y?q=1");
        var (expected, actual) = (CgiEnvironmentDump.Parse(dumps.Uwsgi.Body), CgiEnvironmentDump.Parse(dumps.Gantry.Body));
        foreach (var name in new[] { "SCRIPT_NAME", "PATH_INFO", "PATH_TRANSLATED", "SCRIPT_FILENAME", "DOCUMENT_ROOT", "REQUEST_URI", "QUERY_STRING", "cwd" })
        {
            Assert.True(expected[name] == actual[name], $"{name}: uWSGI {expected[name]}, gantry {actual[name]}");
        }
        Assert.Equal(("/env.py", "/x/y"), (actual["SCRIPT_NAME"], actual["PATH_INFO"]));
    }
}
