using System.Text;
using Gantry.Application;
using Gantry.Python.Mounts;

namespace Gantry.Python.Tests.Mounts;

/// <summary>
/// Picking the application per request as uWSGI 2.0.21 does (each expectation was checked against Debian's uWSGI
/// with --manage-script-name / SCRIPT_NAME sent over --socket), without Python.
/// </summary>
public sealed class MountTableTests
{
    private static CgiVariables Variables(string? scriptName, string? pathInfo)
    {
        var variables = new CgiVariables();
        variables.Add("REQUEST_METHOD"u8, "GET"u8);
        if (scriptName is not null)
        {
            variables.Add("SCRIPT_NAME"u8, Encoding.UTF8.GetBytes(scriptName));
        }
        if (pathInfo is not null)
        {
            variables.Add("PATH_INFO"u8, Encoding.UTF8.GetBytes(pathInfo));
        }
        return variables;
    }

    private static string? Get(CgiVariables variables, string key) =>
        variables.TryGetValue(Encoding.ASCII.GetBytes(key), out var value) ? Encoding.UTF8.GetString(value) : null;

    private static (int Index, string? ScriptName, string? PathInfo) Managed(MountTable table, string path, string? scriptName = "")
    {
        var variables = Variables(scriptName, path);
        var index = table.Select(variables);
        return (index, Get(variables, "SCRIPT_NAME"), Get(variables, "PATH_INFO"));
    }

    private static MountTable Manage(params string[] mountpoints) => new(mountpoints, manageScriptName: true, ignoreScriptName: false, noDefaultApp: false);

    [Fact]
    public void Select_ManageScriptName_LongestMountpointWins()
    {
        var table = Manage("", "/a", "/a/b");

        Assert.Equal((2, "/a/b", "/c"), Managed(table, "/a/b/c"));
        Assert.Equal((1, "/a", "/x"), Managed(table, "/a/x"));
    }

    [Fact]
    public void Select_ManageScriptName_LongestWinsWhateverTheOrder()
    {
        var table = Manage("", "/a/b", "/a");

        Assert.Equal((1, "/a/b", "/c"), Managed(table, "/a/b/c"));
    }

    [Fact]
    public void Select_ManageScriptName_MatchesOnlyAtSegmentBoundary()
    {
        var table = Manage("", "/app");

        Assert.Equal((0, "", "/application"), Managed(table, "/application"));
        Assert.Equal((0, "", "/app.x"), Managed(table, "/app.x"));
        Assert.Equal((1, "/app", ""), Managed(table, "/app"));
        Assert.Equal((1, "/app", "/"), Managed(table, "/app/"));
        Assert.Equal((1, "/app", "/lication"), Managed(table, "/app/lication"));
    }

    [Fact]
    public void Select_TrailingSlashMountpoint_SplitsWhereItMatched()
    {
        var table = Manage("", "/b/");

        Assert.Equal((1, "/b", "/x"), Managed(table, "/b/x"));
        Assert.Equal((1, "/b", "/"), Managed(table, "/b/"));
        Assert.Equal((1, "/b", ""), Managed(table, "/b"));
        Assert.Equal((0, "", "/bx"), Managed(table, "/bx"));
    }

    [Fact]
    public void Select_TrailingSlashMountpointWithoutManage_MatchesScriptNameAsWritten()
    {
        var table = new MountTable(["", "/b/"], manageScriptName: false, ignoreScriptName: false, noDefaultApp: false);

        Assert.Equal(1, table.Select(Variables("/b/", "/b/x")));
        Assert.Equal(0, table.Select(Variables("/b", "/b/x")));
    }

    [Fact]
    public void Select_EmptyOrRootPathInfo_IsNotRewritten()
    {
        var table = Manage("", "/a");

        Assert.Equal((0, "", ""), Managed(table, ""));
        Assert.Equal((0, "", "/"), Managed(table, "/"));
        Assert.Equal(0, table.Select(Variables(null, null)));
    }

    [Fact]
    public void Select_RootMountpoint_NeverPrefixMatchesButIsTheDefault()
    {
        var table = Manage("/", "/b");

        Assert.Equal((0, "", "/x"), Managed(table, "/x"));
        Assert.Equal((1, "/b", "/y"), Managed(table, "/b/y"));
    }

    [Fact]
    public void Select_NoMatch_DefaultIsTheFirstAppLoaded()
    {
        var table = Manage("/a", "/b");

        Assert.Equal(0, table.DefaultIndex);
        Assert.Equal((0, "", "/c"), Managed(table, "/c"));
    }

    [Fact]
    public void Select_FirstAppWithoutLeadingSlash_IsNotTheDefault()
    {
        var table = Manage("a", "/b");

        Assert.Equal(1, table.DefaultIndex);
    }

    [Fact]
    public void Select_NoDefaultAppAndNoMatch_ReturnsMinusOne()
    {
        var table = new MountTable(["/a"], manageScriptName: true, ignoreScriptName: false, noDefaultApp: true);

        Assert.Equal(-1, table.DefaultIndex);
        Assert.Equal((-1, "", "/c"), Managed(table, "/c"));
        Assert.Equal((0, "/a", "/x"), Managed(table, "/a/x"));
    }

    [Fact]
    public void Select_NoDefaultAppWithEmptyMountpoint_EmptyScriptNameStillFindsIt()
    {
        var table = new MountTable(["", "/a"], manageScriptName: true, ignoreScriptName: false, noDefaultApp: true);

        Assert.Equal((0, "", "/c"), Managed(table, "/c"));
        Assert.Equal(-1, table.Select(Variables("/other", "/c")));
    }

    [Fact]
    public void Select_WithoutManage_ScriptNameSelectsByExactMatchAndPathInfoStays()
    {
        var table = new MountTable(["", "/a"], manageScriptName: false, ignoreScriptName: false, noDefaultApp: false);
        var variables = Variables("/a", "/a/x");

        Assert.Equal(1, table.Select(variables));
        Assert.Equal("/a/x", Get(variables, "PATH_INFO"));
        Assert.Equal(0, table.Select(Variables("/a/", "/a/x")));
        Assert.Equal(0, table.Select(Variables(null, "/a/x")));
    }

    [Fact]
    public void Select_ManageWithUnmatchedPath_KeepsTheFrontsScriptNameForTheExactMatch()
    {
        var table = Manage("", "/a");

        Assert.Equal((1, "/a", "/c"), Managed(table, "/c", scriptName: "/a"));
        Assert.Equal((1, "/a", "/x"), Managed(table, "/a/x", scriptName: "/b"));
    }

    [Fact]
    public void Select_IgnoreScriptName_AlwaysTheEmptyMountpointOrDefault()
    {
        var table = new MountTable(["", "/a"], manageScriptName: false, ignoreScriptName: true, noDefaultApp: false);

        Assert.Equal(0, table.Select(Variables("/a", "/a/x")));
    }

    [Fact]
    public void Select_ManageAndIgnoreScriptName_RewritesButDoesNotSelect()
    {
        var table = new MountTable(["", "/a"], manageScriptName: true, ignoreScriptName: true, noDefaultApp: false);

        Assert.Equal((0, "/a", "/x"), Managed(table, "/a/x"));
    }

    [Fact]
    public void Select_ManyRequestsOnReusedVariables_StaysCorrect()
    {
        var table = Manage("", "/a");
        var variables = new CgiVariables();
        for (var i = 0; i < 100; i++)
        {
            variables.Clear();
            variables.Add("SCRIPT_NAME"u8, ""u8);
            variables.Add("PATH_INFO"u8, "/a/long/path/to/somewhere"u8);

            Assert.Equal(1, table.Select(variables));
            Assert.Equal("/long/path/to/somewhere", Get(variables, "PATH_INFO"));
        }
    }
}
