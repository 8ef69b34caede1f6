using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;
using Gantry.Python.Wsgi;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Tests.Mounts;

/// <summary>Several applications in one interpreter: loading the table, serving through it, failures and need-app.</summary>
[Collection(PythonCollection.Name)]
public sealed class MountLoadingTests(PythonFixture python)
{
    private static readonly string Apps = Path.Combine(AppContext.BaseDirectory, "Apps");

    private static PythonHostOptions TwoMounts(bool manage = true, bool needApp = false, bool noDefaultApp = false) => new()
    {
        WsgiFile = PythonFixture.AppPath("mount_echo.py"),
        PythonPath = [Apps],
        Mounts = [new PythonMount("/other", "mount_echo:other"), new PythonMount("/second", PythonFixture.AppPath("mount_second.py"))],
        ManageScriptName = manage,
        NeedApp = needApp,
        NoDefaultApp = noDefaultApp,
    };

    /// <summary>Loads <paramref name="options"/>, serves each path and releases the thread; the bodies in order.</summary>
    private List<string> Serve(PythonHostOptions options, params string[] paths) => python.Run(() =>
    {
        var application = (WsgiApplication)python.Runtime.LoadHost(options, python.Logs.CreateLogger("Gantry.Python"));
        using var thread = application.AttachCurrentHolder();
        var bodies = new List<string>();
        foreach (var path in paths)
        {
            using var request = Requests.Create(path: path);
            var response = thread.Call(request);
            Assert.Equal(ApplicationStep.Completed, response.Step);
            bodies.Add(response.Sink.Status + " " + response.Sink.BodyText);
        }
        application.Release();
        return bodies;
    });

    [Fact]
    public void Serve_TwoMountsAndMainApp_EachPathReachesItsApp()
    {
        var bodies = Serve(TwoMounts(), "/other/x", "/second", "/secondary", "/");

        Assert.Equal(
        [
            "200 OK other '/other' '/x'",
            "200 OK second '/second' ''",
            "200 OK main '' '/secondary'",
            "200 OK main '' '/'",
        ], bodies);
    }

    [Fact]
    public void Load_TwoMounts_LogsMountingAndEachAppWithTheDefault()
    {
        Serve(TwoMounts(), "/");

        Assert.Contains(python.Logs.WithEvent(2013), entry => entry.Message == "mounting mount_echo:other on /other");
        Assert.Contains(python.Logs.WithEvent(2014), entry => entry.Message == "WSGI app 0 (mountpoint='') ready (default app)");
        Assert.Contains(python.Logs.WithEvent(2014), entry => entry.Message == "WSGI app 2 (mountpoint='/second') ready");
    }

    [Fact]
    public void Load_DuplicateMountpoint_SkipsTheSecondWithoutLoadingIt()
    {
        var options = TwoMounts() with
        {
            Mounts = [new PythonMount("/other", "mount_echo:other"), new PythonMount("/other", PythonFixture.AppPath("broken_import.py"))],
            NeedApp = true,
        };

        var bodies = Serve(options, "/other/x");

        Assert.Equal(["200 OK other '/other' '/x'"], bodies);
        Assert.Contains(python.Logs.WithEvent(2015), entry => entry.Message == "mountpoint /other already configured. skip.");
    }

    [Fact]
    public void Load_MountFailsWithoutNeedApp_ItsPathsGoToTheDefaultApp()
    {
        var options = TwoMounts() with { Mounts = [new PythonMount("/broken", PythonFixture.AppPath("broken_import.py"))] };

        var bodies = Serve(options, "/broken/x");

        Assert.Equal(["200 OK main '' '/broken/x'"], bodies);
        Assert.Contains(python.Logs.WithEvent(2016), entry => entry.Message.Contains("'/broken'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MountFailsWithNeedApp_ThrowsExitCode22()
    {
        var options = TwoMounts(needApp: true) with { Mounts = [new PythonMount("/broken", "no_such_module_for_mounts:app")] };

        var failure = python.Run(() => Assert.Throws<PythonStartupException>(
            () => (WsgiApplication)python.Runtime.LoadHost(options, python.Logs.CreateLogger("Gantry.Python"))));

        Assert.Equal(22, failure.ExitCode);
        Assert.Contains("no_such_module_for_mounts", failure.Message);
    }

    [Fact]
    public void Serve_NoDefaultAppAndNoMatch_Answers500()
    {
        var options = TwoMounts(noDefaultApp: true) with { WsgiFile = null };

        var bodies = Serve(options, "/elsewhere", "/second/y");

        Assert.Equal(["500 Internal Server Error Internal Server Error", "200 OK second '/second' '/y'"], bodies);
    }

    [Fact]
    public void Serve_ModuleMountWithoutCallable_UsesTheCallableOption()
    {
        var options = TwoMounts() with { Mounts = [new PythonMount("/m", "mount_echo")], Callable = "other" };

        var bodies = Serve(options, "/m/z");

        Assert.Equal(["200 OK other '/m' '/z'"], bodies);
    }
}
