namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// Where gantry deliberately answers otherwise than uWSGI 2.0.21's cgi plugin (docs/compatibility.md and the comments
/// in src/Gantry.Cgi): each test asks both servers, pins what uWSGI does and asserts what gantry does instead.
/// </summary>
[Collection(Infrastructure.GantryCollection.Name)]
public sealed class CgiUwsgiDifferenceTests(CgiServersFixture fixture) : IClassFixture<CgiServersFixture>
{
    private static readonly TimeSpan LogTimeout = TimeSpan.FromSeconds(10);

    private CgiServers Servers => fixture.Servers;

    private void AssertNothingRanOutside() =>
        Assert.True(Servers.Site.EscapedRuns().Length == 0, $"a script outside the directory ran\n{Servers.Logs}");

    [Fact]
    public async Task SymlinkOut_Gantry403_WhereUwsgiCloses()
    {
        var (uwsgi, gantry) = await Servers.AskBothAsync("GET", "/cgi-bin/out.cgi");

        Assert.Equal(CgiAnswer.Closed, uwsgi.Status);
        Assert.Equal(new CgiAnswer(403, "text/plain", null, "Forbidden"), gantry);
        AssertNothingRanOutside();
        await Servers.Gantry.WaitForOutputAsync("cgi: security error: ", LogTimeout);
    }

    [Fact]
    public async Task EncodedParentSegment_Gantry403_WhereUwsgiCloses()
    {
        var (uwsgi, gantry) = await Servers.AskBothAsync("GET", "/cgi-bin/%2e%2e/outside/escaped.cgi");

        Assert.Equal(CgiAnswer.Closed, uwsgi.Status);
        Assert.Equal(new CgiAnswer(403, "text/plain", null, "Forbidden"), gantry);
        AssertNothingRanOutside();
    }

    [Fact]
    public async Task ParentSegment_Gantry403_WhereUwsgi404()
    {
        var (uwsgi, gantry) = await Servers.AskBothAsync("GET", "/cgi-bin/../outside/escaped.cgi");

        Assert.Equal(404, uwsgi.Status);
        Assert.Equal(new CgiAnswer(403, "text/plain", null, "Forbidden"), gantry);
        AssertNothingRanOutside();
    }

    [Fact]
    public async Task InvalidHead_Gantry502_WhereUwsgiCloses()
    {
        var mark = Servers.Gantry.LineCount;
        var (uwsgi, gantry) = await Servers.AskBothAsync("GET", "/cgi-bin/garbage.cgi");

        Assert.Equal(CgiAnswer.Closed, uwsgi.Status);
        Assert.Equal(new CgiAnswer(502, "text/plain", null, "Bad Gateway"), gantry);
        await Servers.Gantry.WaitForOutputAsync("garbage.cgi: invalid CGI output", LogTimeout, mark);
    }

    [Fact]
    public async Task NphScript_GantryPassesItsResponse_WhereUwsgiCloses()
    {
        var (uwsgi, gantry) = await Servers.AskBothAsync("GET", "/cgi-bin/nph-hello.cgi");

        Assert.Equal(CgiAnswer.Closed, uwsgi.Status);
        Assert.Equal(new CgiAnswer(200, "text/plain", null, "nph body\n"), gantry);
    }

    [Fact]
    public async Task LocalRedirect_GantryServesTheTarget_WhereUwsgiPassesA302()
    {
        var (uwsgi, gantry) = await Servers.AskBothAsync("GET", "/cgi-bin/local.cgi");

        Assert.Equal((302, "/cgi-bin/hello.cgi"), (uwsgi.Status, uwsgi.Location));
        Assert.Equal(new CgiAnswer(200, "text/plain", null, "hello\n"), gantry);
    }

    [Fact]
    public async Task NulInPath_Gantry400_WhereUwsgiRunsTheNameCutAtTheNul()
    {
        var (uwsgi, gantry) = await Servers.AskBothAsync("GET", "/cgi-bin/hello.cgi%00.txt");

        Assert.Equal((200, "hello\n"), (uwsgi.Status, uwsgi.Body));
        Assert.Equal(400, gantry.Status);
    }

    [Theory]
    [InlineData("/cgi-bin/alias.py/x", "/cgi-bin/alias.py")]
    [InlineData("/cgi-bin/./env.py/x", "/cgi-bin/./env.py")]
    public async Task ScriptName_IsTheRequestedPath_WhereUwsgiNamesTheResolvedScript(string target, string scriptName)
    {
        var (uwsgi, gantry) = await Servers.AskBothAsync("GET", target);
        var expected = CgiEnvironmentDump.Parse(uwsgi.Body);
        var actual = CgiEnvironmentDump.Parse(gantry.Body);

        Assert.Equal("/cgi-bin/env.py", expected["SCRIPT_NAME"]);
        Assert.Equal(scriptName, actual["SCRIPT_NAME"]);
        Assert.Equal(Path.Combine(Servers.Site.ScriptDirectory, "env.py"), actual["SCRIPT_FILENAME"]);
        Assert.Equal((expected["SCRIPT_FILENAME"], expected["PATH_INFO"]), (actual["SCRIPT_FILENAME"], actual["PATH_INFO"]));
    }

    [Fact]
    public async Task IndexedQuery_ArgvWordsAsDecoded_WhereUwsgiShellEscapesThem()
    {
        var (uwsgi, gantry) = await Servers.AskBothAsync("GET", "/cgi-bin/env.py?a+%3Bls+b%20c");

        Assert.Equal("a|\\;ls|b c", CgiEnvironmentDump.Parse(uwsgi.Body)["argv"]);
        Assert.Equal("a|;ls|b c", CgiEnvironmentDump.Parse(gantry.Body)["argv"]);
    }

    [Fact]
    public async Task Stderr_GantryLogsEachLineWithTheScript_WhereUwsgiCopiesItBare()
    {
        var mark = Servers.Gantry.LineCount;
        var (uwsgi, gantry) = await Servers.AskBothAsync("GET", "/cgi-bin/stderr.cgi");

        Assert.Equal(uwsgi, gantry);
        await Servers.Gantry.WaitForOutputAsync($"cgi: {Path.Combine(Servers.Site.ScriptDirectory, "stderr.cgi")}: a line for the log", LogTimeout, mark);
        Assert.True(await ProcessTable.EventuallyAsync(() => Servers.Uwsgi.Output.Split('\n').Any(line => line.TrimEnd('\r') == "a line for the log"), LogTimeout),
            "uWSGI did not log the bare line\n" + Servers.Uwsgi.Output);
    }
}
