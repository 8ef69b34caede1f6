using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>
/// The Python options uWSGI applies before the application loads: pyargv (sys.argv), optimize (sys.flags.optimize),
/// import (modules and files, a failing one logged without stopping start-up) and wsgi-disable-file-wrapper, each
/// as Debian's uWSGI 2.0.21 does it (checked side by side; only sys.argv[0] differs: "gantry" for "uwsgi").
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class PythonStartupOptionTests
{
    private const string App = """
        import sys
        def application(environ, start_response):
            start_response('200 OK', [('Content-Type', 'text/plain')])
            lines = [
                'argv=' + repr(sys.argv),
                'optimize=' + str(sys.flags.optimize),
                'assert_stripped=' + str(not __debug__),
                'imported=' + repr(sorted(getattr(sys, 'gantry_test_imports', []))),
                'file_wrapper=' + str('wsgi.file_wrapper' in environ),
            ]
            return ['\n'.join(lines).encode()]
        """;

    private const string Marker = "import os, sys\nsys.gantry_test_imports = getattr(sys, 'gantry_test_imports', []) + [os.path.basename(__file__)[5:-3]]\n";

    [Fact]
    public async Task Defaults_ArgvIsProgramNameOnlyNoOptimizationFileWrapperPresent()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var body = await ServeAsync(directory, []);
        Assert.Contains("argv=['gantry']", body, StringComparison.Ordinal);
        Assert.Contains("optimize=0", body, StringComparison.Ordinal);
        Assert.Contains("assert_stripped=False", body, StringComparison.Ordinal);
        Assert.Contains("file_wrapper=True", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pyargv_SplitOnSpaceRuns_BecomesArgvAfterProgramName()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var body = await ServeAsync(directory, ["--pyargv", "a b  c"]);
        Assert.Contains("argv=['gantry', 'a', 'b', 'c']", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task Optimize_Level_SetBeforePythonStarts(string level)
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var body = await ServeAsync(directory, ["--optimize", level]);
        Assert.Contains($"optimize={level}", body, StringComparison.Ordinal);
        Assert.Contains("assert_stripped=True", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ModuleFileAndMissingModule_ImportedInOrderFailureLoggedStartupGoesOn()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        directory.WriteFile("mark_first.py", Marker);
        var second = directory.WriteFile("extra/mark_second.py", Marker);
        await using var gantry = await StartAsync(directory, ["--import", "mark_first", "--import", "no_such_module_here", "--pyimport", second]);
        var body = await GetAsync(gantry);
        Assert.Contains("imported=['first', 'second']", body, StringComparison.Ordinal);
        Assert.Contains(gantry.Lines, line => line.Text.Contains("import no_such_module_here failed", StringComparison.Ordinal));
        Assert.Contains("ModuleNotFoundError", gantry.Output, StringComparison.Ordinal);
        Assert.Contains(gantry.Lines, line => line.Text.Contains("imported mark_first", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WsgiDisableFileWrapper_EnvironHasNoFileWrapper()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var body = await ServeAsync(directory, ["--wsgi-disable-file-wrapper"]);
        Assert.Contains("file_wrapper=False", body, StringComparison.Ordinal);
    }

    private static async Task<string> ServeAsync(TemporaryDirectory directory, string[] options)
    {
        await using var gantry = await StartAsync(directory, options);
        return await GetAsync(gantry);
    }

    private static Task<GantryProcess> StartAsync(TemporaryDirectory directory, string[] options)
    {
        var app = directory.WriteFile("app.py", App);
        return GantryProcess.StartReadyAsync(["--http", "127.0.0.1:0", "--wsgi-file", app, .. options], directory.Path);
    }

    private static async Task<string> GetAsync(GantryProcess gantry)
    {
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        return await client.GetStringAsync("/");
    }
}
