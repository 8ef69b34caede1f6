using System.Net;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.PythonHost;

/// <summary>
/// python-host = executable: the Python-bearing process is /usr/bin/python3.X (Debian's static PGO+LTO build) with
/// gantry.so loaded into it. Each test checks /proc/PID/exe, so a silent fall-back to the embedded library fails.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class PythonExecutableHostTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly string Frameworks = Path.Combine(TestApps.Folder, "asgiframeworks");

    [Fact]
    public async Task WsgiHello_SingleProcess_ServedByThePythonExecutableAndStopsOnSigint()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--wsgi-file", MasterArguments.App, "--python-host", "executable"]);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        Assert.Equal("hello", await client.GetStringAsync("/"));
        Assert.Equal(gantry.Pid.ToString(), await client.GetStringAsync("/pid"));
        AssertPythonExecutable(gantry.Pid);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        OutputAssert.NoTraceback(gantry);
        Assert.DoesNotContain("KeyboardInterrupt", gantry.Output);
    }

    [Fact]
    public async Task AsgiHello_SingleProcess_LifespanAndRequests()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--pythonpath", Path.Combine(RepoPaths.Root, "bench", "apps"),
             "--asgi", "hello_asgi:application", "--python-host", "executable"]);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        Assert.Equal("Hello World", await client.GetStringAsync("/"));
        AssertPythonExecutable(gantry.Pid);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task StarletteAndFastApi_DaphneCommandLine_Served()
    {
        await using (var starlette = await GantryProcess.StartReadyAsync(
            ["asgi", "-p", "0", "--app-dir", Frameworks, "--python-host=executable", "starlette_app:app"], workingDirectory: Frameworks))
        {
            using var client = new HttpClient { BaseAddress = starlette.HttpBase };
            Assert.Contains("from lifespan", await client.GetStringAsync("/"));
            Assert.Equal("sync view ran in a thread", await client.GetStringAsync("/sync"));
            AssertPythonExecutable(starlette.Pid);
            Assert.Equal(0, await starlette.StopAsync(Signum.SIGINT));
        }
        await using var fastapi = await GantryProcess.StartReadyAsync(
            ["asgi", "-p", "0", "--app-dir", Frameworks, "--python-host=executable", "fastapi_app:app"], workingDirectory: Frameworks);
        using var fastapiClient = new HttpClient { BaseAddress = fastapi.HttpBase };
        Assert.Equal("{\"item_id\":3,\"q\":\"x\"}", await fastapiClient.GetStringAsync("/items/3?q=x"));
        AssertPythonExecutable(fastapi.Pid);
        Assert.Equal(0, await fastapi.StopAsync(Signum.SIGINT));
        OutputAssert.NoTraceback(fastapi);
    }

    [Fact]
    public async Task Master_TwoWorkers_WorkersArePythonGracefulReloadReplacesThem()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--python-host", "executable"));
        var before = MasterArguments.WorkerPids(gantry);
        Assert.Equal(2, before.Count);
        Assert.EndsWith("/gantry", ExecutableOf(gantry.Pid));
        foreach (var pid in before.Values)
        {
            AssertPythonExecutable(pid);
        }
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Contains(int.Parse(await client.GetStringAsync("/pid")), before.Values);
        var from = gantry.LineCount;

        gantry.Signal(Signum.SIGHUP);
        await gantry.WaitForOutputAsync($"gantry ready (pid {gantry.Pid}): {gantry.HttpBase.ToString().TrimEnd('/')}", Wait, from);

        var after = MasterArguments.WorkerPids(gantry);
        Assert.Empty(before.Values.Intersect(after.Values));
        foreach (var pid in after.Values)
        {
            AssertPythonExecutable(pid);
        }
        Assert.Contains(int.Parse(await client.GetStringAsync("/pid")), after.Values);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task AppImportError_NeedApp_ExitsWithTheTracebackAndCode22()
    {
        await using var gantry = GantryProcess.Start(
            ["--http", "127.0.0.1:0", "--pythonpath", Frameworks, "--asgi", "no_such_module_h11h:app", "--need-app",
             "--python-host", "executable"]);

        Assert.Equal(22, await gantry.WaitForExitAsync(Wait));
        Assert.Contains("No module named 'no_such_module_h11h'", gantry.Output);
    }

    [Fact]
    public async Task UnknownValue_ConfigurationErrorNamingTheChoices()
    {
        await using var gantry = GantryProcess.Start(["--http", "127.0.0.1:0", "--wsgi-file", MasterArguments.App, "--python-host", "static"]);

        Assert.Equal(1, await gantry.WaitForExitAsync(Wait));
        Assert.Contains("python-host is library", gantry.Output);
    }

    private static void AssertPythonExecutable(int pid)
    {
        var executable = ExecutableOf(pid);
        Assert.Matches(@"^/usr/bin/python3\.\d+$", executable);
        Assert.Contains("gantry.so", File.ReadAllText($"/proc/{pid}/maps"));
    }

    private static string ExecutableOf(int pid) => new FileInfo($"/proc/{pid}/exe").LinkTarget ?? "";
}
