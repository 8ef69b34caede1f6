using Gantry.Application;
using Gantry.Python.Runtime;
using Gantry.Python.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Tests.Runtime;

/// <summary>Loading the WSGI callable from a file or a module, and what a failure looks like.</summary>
[Collection(PythonCollection.Name)]
public sealed class ApplicationLoaderTests(PythonFixture python)
{
    private static readonly string Apps = Path.Combine(AppContext.BaseDirectory, "Apps");

    private PythonStartupException LoadFails(PythonHostOptions options) =>
        python.Run(() => Assert.Throws<PythonStartupException>(() => python.Runtime.LoadHost(options, python.Logs.CreateLogger("test"))));

    private WsgiResponse Serve(PythonHostOptions options, string path = "/")
    {
        using var request = Requests.Create(path: path);
        return python.Run(() => python.Application(options).Call(request));
    }

    [Fact]
    public void Load_ImportErrorWithNeedApp_ThrowsWithTracebackAndExitCode22()
    {
        var failure = LoadFails(new PythonHostOptions { WsgiFile = PythonFixture.AppPath("broken_import.py"), NeedApp = true });

        Assert.Equal(22, failure.ExitCode);
        Assert.Contains("broken_import.py", failure.Message);
        Assert.Contains("Traceback (most recent call last)", failure.Message);
        Assert.Contains("ModuleNotFoundError: No module named 'this_module_does_not_exist_anywhere'", failure.Message);
        Assert.Contains(python.Logs.WithEvent(2011), entry => entry.Message.Contains("this_module_does_not_exist_anywhere", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ImportErrorWithoutNeedApp_ServesInternalServerError()
    {
        var before = python.Logs.WithEvent(2012).Count;

        var response = Serve(new PythonHostOptions { WsgiFile = PythonFixture.AppPath("broken_import.py") });

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("500 Internal Server Error", response.Sink.Status);
        Assert.Equal("Internal Server Error", response.Sink.BodyText);
        Assert.True(python.Logs.WithEvent(2012).Count > before);
    }

    [Fact]
    public void Load_MissingCallable_SaysWhichAttributeToSet()
    {
        var failure = LoadFails(new PythonHostOptions { WsgiFile = PythonFixture.AppPath("hello.py"), Callable = "app", NeedApp = true });

        Assert.Contains("has no attribute 'app'", failure.Message);
    }

    [Fact]
    public void Load_CallableNotCallable_Fails()
    {
        var failure = LoadFails(new PythonHostOptions { WsgiFile = PythonFixture.AppPath("not_callable.py"), NeedApp = true });

        Assert.Contains("is not callable", failure.Message);
    }

    [Fact]
    public void Load_Module_ImportsByDottedName()
    {
        var response = Serve(new PythonHostOptions { Module = "pkg.module_app", PythonPath = [Apps] });

        Assert.Equal("module application", response.Sink.BodyText);
    }

    [Fact]
    public void Load_ModuleWithCallableSuffix_OverridesCallable()
    {
        var response = Serve(new PythonHostOptions { Module = "pkg.module_app:app", PythonPath = [Apps] });

        Assert.Equal("module app pkg.module_app", response.Sink.BodyText);
    }

    [Fact]
    public void Load_PythonPathGlob_AddsEveryMatchAndFileSetsDunderFile()
    {
        var pattern = Path.Combine(Apps, "lib_[ab]");
        var nothing = Path.Combine(Apps, "no_such_dir_*");

        var response = Serve(new PythonHostOptions { WsgiFile = PythonFixture.AppPath("pythonpath_app.py"), PythonPath = [pattern, nothing] });

        Assert.Equal($"helper a, helper b, {PythonFixture.AppPath("pythonpath_app.py")}", response.Sink.BodyText);
        Assert.Contains(python.Logs.WithEvent(2002), entry => entry.Message.Contains("no_such_dir_*", StringComparison.Ordinal));
    }

    [Fact]
    public void ModuleNameForFile_ManglesThePathAsUwsgi()
    {
        Assert.Equal("uwsgi_file__srv_app_wsgi_py", ApplicationLoader.ModuleNameForFile("/srv/app/wsgi.py"));
    }

    [Fact]
    public void Describe_ModuleWithCallable_SplitsAtTheColon()
    {
        Assert.Equal(("pkg.mod", "app"), ApplicationLoader.Describe(new PythonHostOptions { Module = "pkg.mod:app" }));
        Assert.Equal(("pkg.mod", "application"), ApplicationLoader.Describe(new PythonHostOptions { Module = "pkg.mod" }));
    }
}
