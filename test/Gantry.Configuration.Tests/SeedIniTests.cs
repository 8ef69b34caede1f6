using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

public sealed class SeedIniTests
{
    // The seed project's ini, verbatim.
    private const string SeedIni = """
        [uwsgi]
        socket = 127.0.0.1:9090
        chdir = /home/user/sgi/prj
        wsgi-file = prj/wsgi.py
        processes = 4
        threads = 2
        stats = 127.0.0.1:9191

        """;

    [Fact]
    public void SeedIni_LoadedAsBareArgument_GivesItsOptions()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.Write("wsgi.ini", SeedIni);

        var options = Config.Succeed(Config.LoadIn(directory.Path, path));

        Assert.Equal(["127.0.0.1:9090"], options.UwsgiSockets);
        Assert.Empty(options.HttpSockets);
        Assert.Empty(options.FastCgiSockets);
        Assert.Equal("/home/user/sgi/prj", options.Chdir);
        Assert.Equal("prj/wsgi.py", options.WsgiFile);
        Assert.Null(options.Module);
        Assert.Equal("application", options.Callable);
        Assert.Equal(4, options.Processes);
        Assert.Equal(2, options.Threads);
        Assert.True(options.EnableThreads);
        Assert.Equal("127.0.0.1:9191", options.Stats);
        Assert.Equal(65535, options.BufferSize);
    }

    [Fact]
    public void SeedIni_Loaded_EveryOptionActive()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("wsgi.ini", SeedIni);

        var result = Config.LoadIn(directory.Path, "--ini", "wsgi.ini");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Empty(result.Notices);
    }
}
