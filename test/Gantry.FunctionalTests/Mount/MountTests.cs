using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Mount;

/// <summary>
/// --mount with --manage-script-name through the real binary, checked request by request against Debian's uWSGI
/// serving the same apps with the same options.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class MountTests
{
    private static readonly string[] Paths = ["/", "/a", "/a/", "/a/x", "/a/x/y", "/ab", "/ab/x", "/b/x", "/c", "/c/a/x"];

    private static async Task<List<MountSite.Answer>> AskAllAsync(System.Net.EndPoint endPoint, IEnumerable<string> paths)
    {
        var answers = new List<MountSite.Answer>();
        foreach (var path in paths)
        {
            answers.Add((await MountSite.GetAsync(endPoint, path)).WithEmptyScriptName());
        }
        return answers;
    }

    /// <summary>Asks gantry and uWSGI the same paths; fails on the first difference; returns gantry's answers.</summary>
    private static async Task<List<MountSite.Answer>> AssertSameAsUwsgiAsync(MountSite site, string[] options, string[] paths)
    {
        await using var gantry = await GantryProcess.StartReadyAsync(["--http-socket", "127.0.0.1:0", .. options], site.Path);
        await using var uwsgi = await UwsgiReference.StartAsync(site.Path, "http-socket", options);

        var expected = await AskAllAsync(uwsgi.EndPoint, paths);
        var actual = await AskAllAsync(gantry.Addresses[0].ToEndPoint(), paths);

        for (var i = 0; i < paths.Length; i++)
        {
            Assert.True(expected[i] == actual[i], $"{paths[i]}: uWSGI {expected[i]}, gantry {actual[i]}\n{gantry.Output}");
        }
        return actual;
    }

    [Fact]
    public async Task ManageScriptName_TwoMountsAndWsgiFile_EnvironMatchesUwsgi()
    {
        using var site = new MountSite("mountmanage");

        var answers = await AssertSameAsUwsgiAsync(site, ["--wsgi-file", "main.py", "--mount", "/a=a.py", "--mount", "/b=b.py", "--manage-script-name"], Paths);

        Assert.Equal(new MountSite.Answer(200, "a", "/a", "/x/y"), answers[Array.IndexOf(Paths, "/a/x/y")]);
        Assert.Equal(new MountSite.Answer(200, "main", "", "/ab"), answers[Array.IndexOf(Paths, "/ab")]);
        Assert.Equal(new MountSite.Answer(200, "b", "/b", "/x"), answers[Array.IndexOf(Paths, "/b/x")]);
    }

    [Fact]
    public async Task ManageScriptName_OnlyMounts_FirstMountIsTheDefaultLikeUwsgi()
    {
        using var site = new MountSite("mountonly");

        var answers = await AssertSameAsUwsgiAsync(site, ["--mount", "/a=a.py", "--mount", "/b=b.py", "--manage-script-name"], Paths);

        Assert.Equal(new MountSite.Answer(200, "a", "", "/c"), answers[Array.IndexOf(Paths, "/c")]);
    }

    [Fact]
    public async Task NoDefaultApp_UnmatchedPath_500LikeUwsgi()
    {
        using var site = new MountSite("mountnodefault");

        var answers = await AssertSameAsUwsgiAsync(site, ["--mount", "/a=a.py", "--manage-script-name", "--no-default-app"], ["/c", "/a/x", "/"]);

        Assert.Equal([500, 200, 500], answers.Select(answer => answer.Status));
    }

    [Fact]
    public async Task ModuleMount_WithCallableSuffix_EnvironMatchesUwsgi()
    {
        using var site = new MountSite("mountmodule");

        var answers = await AssertSameAsUwsgiAsync(site, ["--wsgi-file", "main.py", "--mount", "/a=a:application", "--manage-script-name"], ["/a/x", "/x"]);

        Assert.Equal(new MountSite.Answer(200, "a", "/a", "/x"), answers[0]);
    }

    [Fact]
    public async Task Startup_TwoMounts_LogsEachMountAndTheDefaultApp()
    {
        using var site = new MountSite("mountlog");

        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http-socket", "127.0.0.1:0", "--wsgi-file", "main.py", "--mount", "/a=a.py", "--mount", "/b=b"], site.Path);

        Assert.Contains("mounting a.py on /a", gantry.Output);
        Assert.Contains("WSGI app 0 (mountpoint='') ready (default app)", gantry.Output);
        Assert.Contains("WSGI app 1 (mountpoint='/a') ready", gantry.Output);
        Assert.Contains("WSGI app 2 (mountpoint='/b') ready", gantry.Output);
    }

    [Fact]
    public async Task IniFile_MountLinesAndManageScriptName_ServeEachApp()
    {
        using var site = new MountSite("mountini");
        site.WriteFile("site.ini", """
            [uwsgi]
            http-socket = 127.0.0.1:0
            wsgi-file = main.py
            mount = /a=a.py
            mount = /b=b.py
            manage-script-name = true
            """);

        await using var gantry = await GantryProcess.StartReadyAsync(["site.ini"], site.Path);
        var endPoint = gantry.Addresses[0].ToEndPoint();

        Assert.Equal(new MountSite.Answer(200, "a", "/a", "/x"), await MountSite.GetAsync(endPoint, "/a/x"));
        Assert.Equal(new MountSite.Answer(200, "b", "/b", ""), await MountSite.GetAsync(endPoint, "/b"));
        Assert.Equal(new MountSite.Answer(200, "main", "", "/c"), await MountSite.GetAsync(endPoint, "/c"));
    }

    [Fact]
    public async Task MountFailsToLoad_ExitsWith22LikeUwsgi()
    {
        using var site = new MountSite("mountbroken");
        string[] options = ["--wsgi-file", "main.py", "--mount", "/x=broken.py"];

        await using var uwsgi = await UwsgiReference.StartAsync(site.Path, "http-socket", options, waitForReady: false);
        var (exitCode, output) = await Support.GantryRun.ToExitAsync(["--http-socket", "127.0.0.1:0", .. options], site.Path);

        Assert.Equal(22, uwsgi.ExitCode);
        Assert.Equal(22, exitCode);
        Assert.Contains("broken.py", output);
        Assert.Contains("RuntimeError: broken on purpose", output);
    }

    [Fact]
    public async Task MountFailsToLoad_NeedAppOff_ItsPathsGoToTheDefaultAppLikeUwsgi()
    {
        using var site = new MountSite("mountskip");
        // uWSGI keeps serving when a module mount fails (a failing .py mount always exits 22 there); Gantry does the
        // same for either kind once need-app is off.
        string[] options = ["--wsgi-file", "main.py", "--mount", "/x=no_such_module_here:app", "--manage-script-name"];

        await using var gantry = await GantryProcess.StartReadyAsync(["--http-socket", "127.0.0.1:0", "--need-app", "false", .. options], site.Path);
        await using var uwsgi = await UwsgiReference.StartAsync(site.Path, "http-socket", options);

        var expected = (await MountSite.GetAsync(uwsgi.EndPoint, "/x/y")).WithEmptyScriptName();
        var actual = await MountSite.GetAsync(gantry.Addresses[0].ToEndPoint(), "/x/y");

        Assert.Equal(new MountSite.Answer(200, "main", "", "/x/y"), expected);
        Assert.Equal(expected, actual);
        Assert.Contains("No module named 'no_such_module_here'", gantry.Output);
    }
}
