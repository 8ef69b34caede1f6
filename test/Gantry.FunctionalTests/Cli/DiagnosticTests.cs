using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Cli;

/// <summary>What gantry tells a user: --help, --version, configuration errors (all at once, with the nearest
/// option), notices for ignored options and warnings for ini keys that look like misspelt options.</summary>
[Collection(GantryCollection.Name)]
public sealed class DiagnosticTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_Flag_PrintsUsageWithTheCoreOptionsAndExitsZero(string flag)
    {
        var (exitCode, output) = await GantryRun.ToExitAsync([flag]);

        Assert.Equal(0, exitCode);
        foreach (var option in new[] { "--http ", "--http-socket", "--wsgi-file", "--module", "--callable", "--chdir", "--env", "--ini", "--python-library" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_AsgiCommand_PrintsItsOwnUsageAndExitsZero()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(["asgi", "--help"]);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: gantry asgi", output, StringComparison.Ordinal);
        Assert.Contains("--websocket_timeout", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--wsgi-file", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_Flag_PrintsNameAndVersionAndExitsZero()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(["--version"]);

        Assert.Equal(0, exitCode);
        Assert.Matches(new Regex(@"^gantry \d+\.\d+\.\d+", RegexOptions.Multiline), output);
    }

    [Fact]
    public async Task UnknownOption_Typo_ExitsOneNamingItAndSuggestingTheNearest()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(["--htp", "127.0.0.1:0", "--wsgi-file", "start.py"], RepoPaths.Examples);

        Assert.Equal(1, exitCode);
        Assert.Contains("--htp", output, StringComparison.Ordinal);
        Assert.Contains("did you mean --http?", output, StringComparison.Ordinal);
        Assert.DoesNotContain("gantry ready", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralErrors_OneRun_AllReportedAtOnce()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(
            ["--http", "127.0.0.1:0", "--wsgi-fil", "start.py", "--modul", "x", "--threads", "abc", "--buffer-size", "-5"], RepoPaths.Examples);

        Assert.Equal(1, exitCode);
        Assert.Contains("--wsgi-fil", output, StringComparison.Ordinal);
        Assert.Contains("--wsgi-file", output, StringComparison.Ordinal);
        Assert.Contains("--modul", output, StringComparison.Ordinal);
        Assert.Contains("--module", output, StringComparison.Ordinal);
        Assert.Contains("--threads abc", output, StringComparison.Ordinal);
        Assert.Contains("--buffer-size", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingValue_LastOptionWithoutIt_ExitsOneNamingIt()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(["--wsgi-file", "start.py", "--http"], RepoPaths.Examples);

        Assert.Equal(1, exitCode);
        Assert.Contains("--http", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PluginPython3_AsDebianUsersWriteIt_AcceptedWithANoticeAndServes()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--plugin", "python3", "--http", "127.0.0.1:0", "--wsgi-file", "start.py"], RepoPaths.Examples);

        var notice = await OutputAssert.LogsAsync(gantry, "plugin");
        Assert.Contains("ignored", notice, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Equal("Hello World", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task IniPlaceholderTypo_NeverReferenced_WarnsNamingTheNearestOptionAndServes()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("app.ini", $"""
            [uwsgi]
            http = 127.0.0.1:0
            chdir = {RepoPaths.Examples}
            wsgi-file = start.py
            wsgi-fille = start.py
            base = /srv
            """);

        await using var gantry = await GantryProcess.StartReadyAsync(["app.ini"], folder.Path);

        // A key that is no option is a placeholder (uWSGI); one never used as %(key) is most likely a typo.
        var warning = await OutputAssert.LogsAsync(gantry, "wsgi-fille");
        Assert.Contains("wsgi-file", warning.Replace("wsgi-fille", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(gantry.Lines, line => line.Text.Contains("'base'", StringComparison.Ordinal) || line.Text.Contains(" base ", StringComparison.Ordinal));
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Equal("Hello World", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task IniFile_Missing_ExitsOneNamingIt()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(["--ini", "/nonexistent/gantry-test.ini"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("/nonexistent/gantry-test.ini", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSocket_OnlyAnApp_ExitsOneSayingHowToAddOne()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(["--wsgi-file", "start.py"], RepoPaths.Examples);

        Assert.Equal(1, exitCode);
        Assert.Contains("--http", output, StringComparison.Ordinal);
    }
}
