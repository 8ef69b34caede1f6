using System.Net;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Autoreload;

/// <summary>
/// py-autoreload against the real binary, a master and two workers, as uWSGI 2.0.21 behaves
/// (plugins/python/python_plugin.c, uwsgi_python_autoreloader_thread): a modified module's file is logged and
/// reloads gracefully, once; an ignored module does not; a syntax error leaves the workers answering 500 until
/// the file is fixed, and the fix reloads by itself. Waits are bounded and generous; the only fixed pauses are
/// the quiet periods in which nothing may happen.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class AutoreloadTests
{
    private const string Modified = "[uwsgi-python-reloader] module/file ";
    private const string Reloading = "...gracefully killing workers...";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Three scans at one per second: long enough for a change to be seen if it were watched.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3.5);

    [Fact]
    public async Task ModifiedModule_Bumped_LogsItReloadsOnceAndServesTheNewCode()
    {
        using var app = new AutoreloadApp(RepoPaths.CreateTemporaryDirectory());
        await using var gantry = await GantryProcess.StartReadyAsync(app.Arguments());
        await gantry.WaitForOutputAsync("Python auto-reloader enabled", Wait);
        Assert.Equal((HttpStatusCode.OK, "one"), await AutoreloadApp.GetAsync(gantry.HttpBase));
        var from = gantry.LineCount;

        app.WriteHelper("VALUE = 'two'\n");
        await gantry.WaitForOutputAsync($"{Modified}{app.HelperFile} has been modified", Wait, from);
        await gantry.WaitForOutputAsync("binary reloading gantry...", Wait, from);
        await gantry.WaitForOutputAsync($"gantry ready (pid {gantry.Pid})", Wait, from);

        Assert.Equal((HttpStatusCode.OK, "two"), await AutoreloadApp.GetAsync(gantry.HttpBase));
        // Both workers may see the change; the master reloads once (it ignores SIGHUP while it re-executes).
        await Task.Delay(Quiet);
        Assert.Single(Since(gantry, from), line => line.Contains(Reloading, StringComparison.Ordinal));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task IgnoredModule_BumpedOrNothingChanged_NoReloadUntilAWatchedModuleChanges()
    {
        using var app = new AutoreloadApp(RepoPaths.CreateTemporaryDirectory());
        await using var gantry = await GantryProcess.StartReadyAsync(app.Arguments("--py-auto-reload-ignore", "ignored_module"));
        await gantry.WaitForOutputAsync("Python auto-reloader enabled", Wait);

        await Task.Delay(Quiet);
        AssertNoReload(gantry, "while nothing changed");
        app.TouchIgnored();
        await Task.Delay(Quiet);
        AssertNoReload(gantry, "after the ignored module changed");
        Assert.Equal((HttpStatusCode.OK, "one"), await AutoreloadApp.GetAsync(gantry.HttpBase));

        // The reloader is still watching the other modules.
        var from = gantry.LineCount;
        app.WriteHelper("VALUE = 'two'\n");
        await gantry.WaitForOutputAsync($"{Modified}{app.HelperFile} has been modified", Wait, from);
        await gantry.WaitForOutputAsync($"gantry ready (pid {gantry.Pid})", Wait, from);
        Assert.Equal((HttpStatusCode.OK, "two"), await AutoreloadApp.GetAsync(gantry.HttpBase));
        Assert.DoesNotContain(app.IgnoredFile, gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task SyntaxError_ThenFixed_Answers500ThenReloadsByItself()
    {
        using var app = new AutoreloadApp(RepoPaths.CreateTemporaryDirectory());
        await using var gantry = await GantryProcess.StartReadyAsync(app.Arguments());
        await gantry.WaitForOutputAsync("Python auto-reloader enabled", Wait);
        var from = gantry.LineCount;

        app.WriteHelper("VALUE = 'unterminated\n");
        await gantry.WaitForOutputAsync($"{Modified}{app.HelperFile} has been modified", Wait, from);
        // The developer is told what is wrong (the traceback names the file) and what will happen next.
        await gantry.WaitForOutputAsync("SyntaxError: unterminated string literal", Wait, from);
        var waiting = await gantry.WaitForOutputAsync("answering 500 until one of these files changes: ", Wait, from);
        Assert.Contains(app.HelperFile, waiting, StringComparison.Ordinal);
        await gantry.WaitForOutputAsync($"gantry ready (pid {gantry.Pid})", Wait, from);
        Assert.Equal(HttpStatusCode.InternalServerError, (await AutoreloadApp.GetAsync(gantry.HttpBase)).Status);
        Assert.False(gantry.HasExited, "the master gave up after the failed load:\n" + gantry.Output);
        from = gantry.LineCount;

        app.WriteHelper("VALUE = 'fixed'\n");
        await gantry.WaitForOutputAsync($"{Modified}{app.HelperFile} has been modified", Wait, from);
        await gantry.WaitForOutputAsync($"WSGI app {app.AppFile}:application ready", Wait, from);
        await gantry.WaitForOutputAsync($"gantry ready (pid {gantry.Pid})", Wait, from);

        Assert.Equal((HttpStatusCode.OK, "fixed"), await AutoreloadApp.GetAsync(gantry.HttpBase));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task MasterSwitchedOffAgain_LogsThatReloadNeedsItAndKeepsServing()
    {
        using var app = new AutoreloadApp(RepoPaths.CreateTemporaryDirectory());
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--wsgi-file", app.AppFile, "--py-autoreload", "1", "--master", "false"]);
        await gantry.WaitForOutputAsync("py-autoreload needs the master", Wait);

        app.WriteHelper("VALUE = 'two'\n");
        await Task.Delay(Quiet);

        AssertNoReload(gantry, "without a master");
        Assert.Equal((HttpStatusCode.OK, "one"), await AutoreloadApp.GetAsync(gantry.HttpBase));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    private static IEnumerable<string> Since(GantryProcess gantry, int from) => gantry.Lines.Skip(from).Select(line => line.Text);

    private static void AssertNoReload(GantryProcess gantry, string when)
    {
        Assert.False(gantry.Output.Contains(Modified, StringComparison.Ordinal) || gantry.Output.Contains(Reloading, StringComparison.Ordinal),
            $"reloaded {when}:\n{gantry.Output}");
    }
}
