using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Load_IssueExampleWithHttpAndCallable_ServesHttpAndNamesCallable()
    {
        var options = Config.Options("--http", ":9090", "--wsgi-file", "start.py", "--callable", "myapp");

        Assert.Equal([":9090"], options.HttpSockets);
        Assert.Equal("start.py", options.WsgiFile);
        Assert.Equal("myapp", options.Callable);
    }

    [Fact]
    public void Load_IssueExampleWithDjangoModule_SetsModuleChdirAndEnvironment()
    {
        var options = Config.Options(
            "--http-socket", "127.0.0.1:9090", "--chdir", "/srv/prj", "--module", "prj.wsgi:application",
            "--env", "DJANGO_SETTINGS_MODULE=prj.settings");

        Assert.Equal(["127.0.0.1:9090"], options.HttpSockets);
        Assert.Equal("/srv/prj", options.Chdir);
        Assert.Equal("prj.wsgi", options.Module);
        Assert.Equal("application", options.Callable);
        Assert.Equal([new KeyValuePair<string, string>("DJANGO_SETTINGS_MODULE", "prj.settings")], options.Environment);
    }

    [Fact]
    public void Load_IssueExampleWithMasterAndStats_SetsProcessOptions()
    {
        var options = Config.Options(
            "--socket", "127.0.0.1:3031", "--master", "--processes", "4", "--threads", "2", "--stats", "127.0.0.1:9191");

        Assert.Equal(["127.0.0.1:3031"], options.UwsgiSockets);
        Assert.True(options.Master);
        Assert.Equal(4, options.Processes);
        Assert.Equal(2, options.Threads);
        Assert.Equal("127.0.0.1:9191", options.Stats);
    }

    [Fact]
    public void Load_Stats_TurnsMasterOnAsUwsgiDoes()
    {
        Assert.True(Config.Options("--http", ":9090", "--stats", ":9191").Master);
        Assert.False(Config.Options("--http", ":9090", "--stats", ":9191", "--master=false").Master);
    }

    [Fact]
    public void Load_EqualsForm_ReadsValue()
    {
        var options = Config.Options("--socket=127.0.0.1:3031", "--processes=3");

        Assert.Equal(["127.0.0.1:3031"], options.UwsgiSockets);
        Assert.Equal(3, options.Processes);
    }

    [Fact]
    public void Load_ShortFlags_ReadValuesSeparateAndAttached()
    {
        var options = Config.Options("-s", "127.0.0.1:3031", "-p4", "-M", "-w", "app:api", "-b", "32768", "-t", "30", "-H", "/venv");

        Assert.Equal(["127.0.0.1:3031"], options.UwsgiSockets);
        Assert.Equal(4, options.Processes);
        Assert.True(options.Master);
        Assert.Equal("app", options.Module);
        Assert.Equal("api", options.Callable);
        Assert.Equal(32768, options.BufferSize);
        Assert.Equal(30, options.Harakiri);
        Assert.Equal("/venv", options.PythonHome);
    }

    [Fact]
    public void Load_BundledShortFlags_SetEachFlag()
    {
        var options = Config.Options("-MTL", "-s", ":3031");

        Assert.True(options.Master);
        Assert.True(options.EnableThreads);
        Assert.True(options.DisableLogging);
    }

    [Theory]
    [InlineData("--master", true)]
    [InlineData("--master=false", false)]
    [InlineData("--master=Off", false)]
    [InlineData("--master=0", false)]
    [InlineData("--master=yes", true)]
    [InlineData("--master=anything", true)]
    [InlineData("--no-master", false)]
    public void Load_FlagForms_FollowUwsgiBooleanRule(string argument, bool expected)
    {
        var options = Config.Options("--socket", ":3031", argument);

        Assert.Equal(expected, options.Master);
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("true", true)]
    [InlineData("1", true)]
    public void Load_FlagFollowedByBooleanWord_TakesItAsValue(string word, bool expected)
    {
        var options = Config.Options("--vacuum", word, "--socket", ":3031");

        Assert.Equal(expected, options.Vacuum);
    }

    [Fact]
    public void Load_FlagFollowedByOption_DoesNotTakeIt()
    {
        var options = Config.Options("--master", "--socket", ":3031");

        Assert.True(options.Master);
        Assert.Equal([":3031"], options.UwsgiSockets);
    }

    [Fact]
    public void Load_RepeatedOptions_Accumulate()
    {
        var options = Config.Options(
            "--http", ":8000", "--http", ":8001", "--pythonpath", "/a", "--pp", "/b", "--env", "A=1", "--env", "B=2=3");

        Assert.Equal([":8000", ":8001"], options.HttpSockets);
        Assert.Equal(["/a", "/b"], options.PythonPath);
        Assert.Equal(
            [new KeyValuePair<string, string>("A", "1"), new KeyValuePair<string, string>("B", "2=3")],
            options.Environment);
    }

    [Fact]
    public void Load_ScalarGivenTwice_LastWins()
    {
        var options = Config.Options("--socket", ":3031", "--processes", "2", "--processes", "5");

        Assert.Equal(5, options.Processes);
    }

    [Fact]
    public void Load_ProtocolFastCgi_MovesDefaultSockets()
    {
        var options = Config.Options("--socket", ":9000", "--protocol", "fastcgi", "--uwsgi-socket", ":3031", "--fastcgi-socket", ":9001");

        Assert.Equal([":9001", ":9000"], options.FastCgiSockets);
        Assert.Equal([":3031"], options.UwsgiSockets);
    }

    [Fact]
    public void Load_ProtocolHttp_MovesDefaultSocketsToHttp()
    {
        var options = Config.Options("--protocol=http", "--socket", ":8080", "--http11-socket", ":8081");

        Assert.Equal([":8081", ":8080"], options.HttpSockets);
        Assert.Empty(options.UwsgiSockets);
    }

    [Fact]
    public void Load_ChmodSocketWithoutValue_Means666()
    {
        Assert.Equal("666", Config.Options("--socket", "/tmp/a.sock", "--chmod-socket").ChmodSocket);
        Assert.Equal("660", Config.Options("--socket", "/tmp/a.sock", "--chmod-socket=660").ChmodSocket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
            Config.Options("--socket", "/tmp/a.sock", "--chmod-socket=660").UnixSocketMode);
        Assert.Null(Config.Options("--socket", "/tmp/a.sock").UnixSocketMode);
        Assert.Equal("664", Config.Options("--socket", "/tmp/a.sock", "-C", "664").ChmodSocket);
    }

    [Fact]
    public void Load_HelpAnywhere_RequestsHelpWithoutErrors()
    {
        var result = Config.Load("--bogus", "--help");

        Assert.True(result.HelpRequested);
        Assert.Empty(result.Errors);
        Assert.Null(result.Options);
        Assert.True(Config.Load("-h").HelpRequested);
        Assert.True(Config.Load("--usage").HelpRequested);
    }

    [Fact]
    public void Load_Version_RequestsVersion()
    {
        var result = Config.Load("--version");

        Assert.True(result.VersionRequested);
        Assert.False(result.HelpRequested);
        Assert.Null(result.Options);
    }

    [Fact]
    public void Load_DefaultsOnly_MatchDocumentedDefaults()
    {
        var options = Config.Options("--http", ":9090");

        Assert.Equal(65535, options.BufferSize);
        Assert.Equal(4, options.SocketTimeout);
        Assert.Equal(100, options.Listen);
        Assert.Equal(1, options.Processes);
        Assert.Equal(1, options.Threads);
        Assert.Equal("application", options.Callable);
        Assert.Equal(0, options.PostBuffering);
        Assert.Equal(0, options.LimitPost);
        Assert.Equal(0, options.Harakiri);
        Assert.False(options.Master);
        Assert.False(options.EnableThreads);
        Assert.Null(options.NeedApp);
    }
}
