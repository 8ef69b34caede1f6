using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

/// <summary>
/// Bare arguments that do not end in .ini (issue 9): read as ini when the file holds the section, whatever its
/// extension (uWSGI 2.0.21 answers "unable to load configuration from wsgi.conf"); otherwise a clear error.
/// </summary>
public sealed class BareConfigFileTests : IDisposable
{
    // The seed project's wsgi.conf, verbatim (issue 9): `uwsgi wsgi.conf`.
    private const string SeedConf = """
        [uwsgi]
        # Minimal uWSGI config for the seed app
        http = :8000
        wsgi-file = app.py
        master = true
        processes = 2

        """;

    private const string PythonApp = """
        def application(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"Hello"]
        """;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void SeedConf_BareArgument_ReadAsIni()
    {
        _directory.Write("wsgi.conf", SeedConf);

        var result = Config.LoadIn(_directory.Path, "wsgi.conf");

        var options = Config.Succeed(result);
        Assert.Equal([":8000"], options.HttpSockets);
        Assert.Equal("app.py", options.WsgiFile);
        Assert.True(options.Master);
        Assert.Equal(2, options.Processes);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void SeedConf_ProcessesAlsoOnCommandLine_CommandLineWins()
    {
        _directory.Write("wsgi.conf", SeedConf);

        var options = Config.Succeed(Config.LoadIn(_directory.Path, "wsgi.conf", "--processes", "4"));

        Assert.Equal(4, options.Processes);
    }

    [Fact]
    public void ConfWithSection_BareFileColonSection_ReadsThatSection()
    {
        _directory.Write("app.conf", "[uwsgi]\nhttp = :9090\nprocesses = 8\n[othersection]\nhttp = :8000\nprocesses = 3\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, "app.conf:othersection"));

        Assert.Equal([":8000"], options.HttpSockets);
        Assert.Equal(3, options.Processes);
    }

    [Fact]
    public void ConfWithoutUwsgiSection_BareArgument_ClearErrorNamingTheSection()
    {
        string path = _directory.Write("wsgi.conf", "[server]\nhttp = :8000\n");

        var result = Config.LoadIn(_directory.Path, "wsgi.conf", "--http", ":9090");

        Assert.Null(result.Options);
        var error = Assert.Single(result.Errors);
        Assert.Equal("command line", error.Origin);
        Assert.Equal("wsgi.conf", error.Setting);
        Assert.StartsWith($"unexpected argument; {path} has no [uwsgi] section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfColonMissingSection_BareArgument_SameErrorAsForAnIni()
    {
        string path = _directory.Write("wsgi.conf", SeedConf);
        _directory.Write("wsgi.ini", SeedConf);

        var result = Config.LoadIn(_directory.Path, "--http", ":9090", "wsgi.conf:staging", "wsgi.ini:staging");

        Assert.Equal(
            [$"command line: wsgi.conf:staging: section [staging] not found in {path}", $"command line: wsgi.ini:staging: section [staging] not found in {path[..^5]}.ini"],
            result.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void PythonScript_BareArgument_NotReadAsIniAndSuggestsWsgiFile()
    {
        _directory.Write("app.py", PythonApp);

        var result = Config.LoadIn(_directory.Path, "--http", ":9090", "app.py");

        Assert.Null(result.Options);
        string message = Assert.Single(result.Errors).ToString();
        Assert.Contains("app.py: unexpected argument", message, StringComparison.Ordinal);
        Assert.Contains("has no [uwsgi] section", message, StringComparison.Ordinal);
        Assert.EndsWith("use --wsgi-file app.py", message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonexistentFile_BareArgument_UnexpectedArgumentSayingNoSuchFile()
    {
        var result = Config.LoadIn(_directory.Path, "--http", ":9090", "nothere.conf");

        string message = Assert.Single(result.Errors).ToString();
        Assert.Contains("nothere.conf: unexpected argument; options start with --", message, StringComparison.Ordinal);
        Assert.Contains($"no file {Path.Combine(_directory.Path, "nothere.conf")} exists", message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonexistentFileColonSection_BareArgument_UnexpectedArgumentNamingTheFile()
    {
        var result = Config.LoadIn(_directory.Path, "--http", ":9090", "127.0.0.1:8000");

        Assert.Contains($"127.0.0.1:8000: unexpected argument; options start with -- (see --help), and no file {Path.Combine(_directory.Path, "127.0.0.1")} exists",
            Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void ColonSectionAlone_BareArgument_UnexpectedArgument()
    {
        var result = Config.LoadIn(_directory.Path, "--http", ":9090", ":staging");

        Assert.Equal("command line: :staging: unexpected argument; options start with -- (see --help)", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Directory_BareArgument_ClearError()
    {
        Directory.CreateDirectory(Path.Combine(_directory.Path, "conf.d"));

        var result = Config.LoadIn(_directory.Path, "--http", ":9090", "conf.d");

        Assert.Contains("conf.d is a directory, not an ini config", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryFileWithSectionLine_BareArgument_NotReadAsIni()
    {
        // An executable may carry "[uwsgi]" among its strings; the NUL bytes around them say it is no config.
        string path = Path.Combine(_directory.Path, "gantry.bin");
        File.WriteAllBytes(path, [0x7F, (byte)'E', (byte)'L', (byte)'F', 0, 0, (byte)'\n', .. "[uwsgi]\nhttp = :8000\n"u8]);

        var result = Config.LoadIn(_directory.Path, "--http", ":9090", "gantry.bin");

        Assert.Null(result.Options);
        Assert.Contains($"{path} is a binary file, not an ini config", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfAndIni_BothBare_ReadInTheOrderGiven()
    {
        _directory.Write("first.conf", "[uwsgi]\nhttp = :8001\nprocesses = 2\n");
        _directory.Write("second.ini", "[uwsgi]\nhttp = :8002\nprocesses = 3\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, "first.conf", "second.ini"));

        Assert.Equal([":8001", ":8002"], options.HttpSockets);
        Assert.Equal(3, options.Processes);
    }

    [Fact]
    public void ConfWithMagicVariables_BareArgument_NameAndDirectoryAreTheConfs()
    {
        _directory.Write("site.conf", "[uwsgi]\nhttp = :8000\nchdir = %d\nwsgi-file = %n.py\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, "site.conf"));

        Assert.Equal(_directory.Path + "/", options.Chdir);
        Assert.Equal("site.py", options.WsgiFile);
    }
}
