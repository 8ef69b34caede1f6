using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

/// <summary>The same options given on the command line, in an ini file and in the environment give equal options.</summary>
public sealed class ParityTests : IDisposable
{
    private static readonly (string Key, string Value)[] Settings =
    [
        ("http", ":9090"),
        ("http-socket", "127.0.0.1:9091"),
        ("socket", "127.0.0.1:3031"),
        ("fastcgi-socket", "/tmp/fcgi.sock"),
        ("module", "prj.wsgi:app"),
        ("chdir", "/srv/prj"),
        ("pythonpath", "/srv/lib"),
        ("home", "/srv/venv"),
        ("python-library", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0"),
        ("env", "DJANGO_SETTINGS_MODULE=prj.settings"),
        ("env", "LANG=C.UTF-8"),
        ("need-app", "true"),
        ("buffer-size", "32768"),
        ("disable-logging", "true"),
        ("post-buffering", "8192"),
        ("limit-post", "10485760"),
        ("socket-timeout", "10"),
        ("listen", "1024"),
        ("master", "true"),
        ("processes", "4"),
        ("threads", "2"),
        ("enable-threads", "true"),
        ("vacuum", "true"),
        ("die-on-term", "true"),
        ("harakiri", "60"),
        ("uid", "www-data"),
        ("gid", "www-data"),
        ("stats", "127.0.0.1:9191"),
        ("pidfile", "/tmp/prj.pid"),
        ("chmod-socket", "660"),
    ];

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_SameOptionsFromCommandLineAndIni_GiveEqualOptions()
    {
        string[] args = Settings.SelectMany(setting => new[] { "--" + setting.Key, setting.Value }).ToArray();
        string ini = "[uwsgi]\n" + string.Concat(Settings.Select(setting => $"{setting.Key} = {setting.Value}\n"));
        string path = _directory.Write("app.ini", ini);

        var fromCommandLine = Config.Options(args);
        var fromIni = Config.Succeed(Config.LoadIn(_directory.Path, path));

        AssertEquivalent(fromCommandLine, fromIni);
        Assert.Equal("app", fromIni.Callable);
        Assert.Equal(2, fromIni.Environment.Count);
    }

    [Fact]
    public void Load_SameOptionsFromEnvironment_GiveEqualOptions()
    {
        var single = Settings.Where(setting => setting.Key != "env").ToArray();
        string[] args = single.SelectMany(setting => new[] { "--" + setting.Key, setting.Value }).ToArray();
        var environment = single.ToDictionary(
            setting => "UWSGI_" + setting.Key.ToUpperInvariant().Replace('-', '_'), setting => setting.Value);

        var fromCommandLine = Config.Options(args);
        var fromEnvironment = Config.Succeed(Config.LoadWith(environment, "/"));

        AssertEquivalent(fromCommandLine, fromEnvironment);
    }

    [Fact]
    public void Load_CommandLineAndIniBothSetScalar_CommandLineWinsWhateverTheOrder()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nprocesses = 4\nmodule = app\n");

        Assert.Equal(8, Config.Succeed(Config.LoadIn(_directory.Path, path, "--processes", "8")).Processes);
        Assert.Equal(8, Config.Succeed(Config.LoadIn(_directory.Path, "--processes", "8", "--ini", path)).Processes);
        Assert.Equal(8, Config.Succeed(Config.LoadIn(_directory.Path, "--ini", path, "--processes", "8")).Processes);
    }

    [Fact]
    public void Load_IniOverridesEnvironmentForScalars()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nprocesses = 4\nmodule = app\n");
        var environment = new Dictionary<string, string> { ["UWSGI_PROCESSES"] = "2" };

        Assert.Equal(4, Config.Succeed(Config.LoadWith(environment, _directory.Path, path)).Processes);
    }

    [Fact]
    public void Load_ListsFromCommandLineAndIni_AccumulateInOrderOfAppearance()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :8001\nmodule = app\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, "--http", ":8000", "--ini", path, "--http", ":8002"));

        Assert.Equal([":8000", ":8001", ":8002"], options.HttpSockets);
    }

    // Records compare lists by reference, so compare them element by element.
    private static void AssertEquivalent(GantryOptions expected, GantryOptions actual)
    {
        Assert.Equal(expected.HttpSockets, actual.HttpSockets);
        Assert.Equal(expected.UwsgiSockets, actual.UwsgiSockets);
        Assert.Equal(expected.FastCgiSockets, actual.FastCgiSockets);
        Assert.Equal(expected.PythonPath, actual.PythonPath);
        Assert.Equal(expected.Environment, actual.Environment);
        Assert.Equal(expected.PythonImports, actual.PythonImports);
        Assert.Equal(expected.MasterFifos, actual.MasterFifos);
        Assert.Equal(expected.TouchReload, actual.TouchReload);
        Assert.Equal(expected.TouchChainReload, actual.TouchChainReload);
        Assert.Equal(expected.TouchWorkersReload, actual.TouchWorkersReload);
        Assert.Equal(expected.PyAutoReloadIgnore, actual.PyAutoReloadIgnore);
        Assert.Equal(expected.HttpsSockets, actual.HttpsSockets);
        Assert.Equal(expected.SniCertificates, actual.SniCertificates);
        Assert.Equal(expected.RequestLoggers, actual.RequestLoggers);
        Assert.Equal(expected.HttpsRedirectSockets, actual.HttpsRedirectSockets);
        var normalize = (GantryOptions options) => options with
        {
            HttpSockets = [],
            UwsgiSockets = [],
            FastCgiSockets = [],
            HttpsSockets = [],
            SniCertificates = [],
            HttpsRedirectSockets = [],
            PythonPath = [],
            Environment = [],
            PythonImports = [],
            MasterFifos = [],
            TouchReload = [],
            TouchChainReload = [],
            TouchWorkersReload = [],
            PyAutoReloadIgnore = [],
            RequestLoggers = [],
            Emperor = new(),
        };
        Assert.Equal(normalize(expected), normalize(actual));
    }
}
