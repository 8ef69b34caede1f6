using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Binding;

/// <summary>The cgi rows as uWSGI's cgi plugin reads them (plugins/cgi/cgi_plugin.c, 2.0.21), from the command line and ini.</summary>
public sealed class CgiBindingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _cgiBin;
    private readonly string _script;

    public CgiBindingTests()
    {
        _script = _directory.Write("tools/report.cgi", "#!/bin/sh\n");
        _cgiBin = Path.GetDirectoryName(_directory.Write("cgi-bin/hello.cgi", "#!/bin/sh\n"))!;
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_CgiRowsOnCommandLine_BoundInOrder()
    {
        var cgi = Config.Options(CommandLine()).Cgi;

        AssertFullSet(cgi);
    }

    [Fact]
    public void Load_CgiRowsInIni_SameAsCommandLine()
    {
        string ini = "[uwsgi]\nhttp = :9090\n" + string.Concat(Settings().Select(setting => $"{setting.Key} = {setting.Value}\n"));
        string path = _directory.Write("app.ini", ini);

        var cgi = Config.Succeed(Config.LoadIn(_directory.Path, path)).Cgi;

        AssertFullSet(cgi);
    }

    [Fact]
    public void Load_CgiFromEnvironment_Bound()
    {
        var environment = new Dictionary<string, string> { ["UWSGI_CGI"] = "/cgi-bin=" + _cgiBin, ["UWSGI_CGI_TIMEOUT"] = "5" };

        var cgi = Config.Succeed(Config.LoadWith(environment, "/", "--http", ":9090")).Cgi;

        Assert.Equal([new CgiMount("/cgi-bin", _cgiBin)], cgi.Mounts);
        Assert.Equal(5, cgi.Timeout);
    }

    [Fact]
    public void Load_NoCgiRows_NothingConfiguredAndUwsgiDefaults()
    {
        var cgi = Config.Options("--http", ":9090", "--module", "app").Cgi;

        Assert.False(cgi.IsConfigured);
        Assert.Equal(new CgiOptions(), cgi);
        Assert.Equal(60, cgi.Timeout);
        Assert.Equal(65536, cgi.BufferSize);
        Assert.Empty(cgi.Mounts);
        Assert.Empty(cgi.Helpers);
        Assert.False(cgi.FromDocumentRoot || cgi.Optimize || cgi.DoNotKillOnError || cgi.CloseStdinOnEof || cgi.DoNotResolve);
    }

    [Fact]
    public void Load_ZeroTimeoutAndBufferSize_MeanUwsgiDefaults()
    {
        var cgi = Config.Options("--http", ":9090", "--cgi", _cgiBin, "--cgi-timeout", "0", "--cgi-buffer-size", "0").Cgi;

        Assert.Equal(60, cgi.Timeout);
        Assert.Equal(65536, cgi.BufferSize);
    }

    [Fact]
    public void Load_BareDirectoryWithTrailingSlash_WholeSiteWithoutTheSlash()
    {
        var mount = Assert.Single(Config.Options("--http", ":9090", "--cgi", _cgiBin + "/").Cgi.Mounts);

        Assert.Equal(new CgiMount(string.Empty, _cgiBin), mount);
        Assert.True(mount.IsWholeSite);
        Assert.Equal(string.Empty, mount.ScriptNamePrefix);
    }

    [Theory]
    [InlineData("/cgi-bin", "/cgi-bin")]
    [InlineData("/cgi-bin/", "/cgi-bin")]
    [InlineData("/", "")]
    public void Load_Mountpoint_KeptAsWrittenScriptNamePrefixWithoutTrailingSlash(string mountpoint, string scriptNamePrefix)
    {
        var mount = Assert.Single(Config.Options("--http", ":9090", "--cgi", $"{mountpoint}={_cgiBin}").Cgi.Mounts);

        Assert.Equal(mountpoint, mount.Mountpoint);
        Assert.Equal(scriptNamePrefix, mount.ScriptNamePrefix);
        Assert.False(mount.IsWholeSite);
    }

    [Fact]
    public void Load_RelativePath_StartsFromTheStartDirectory()
    {
        var mount = Assert.Single(Config.Succeed(Config.LoadIn(_directory.Path, "--http", ":9090", "--cgi", "/x=cgi-bin/")).Cgi.Mounts);

        Assert.Equal(_cgiBin, mount.Directory);
    }

    [Fact]
    public void Load_RelativePathWithChdir_StartsFromChdirAsUwsgiAfterItsChdir()
    {
        var mount = Assert.Single(Config.Succeed(Config.LoadIn("/", "--http", ":9090", "--chdir", _directory.Path, "--cgi", "./cgi-bin")).Cgi.Mounts);

        Assert.Equal(_cgiBin, mount.Directory);
    }

    [Fact]
    public void Load_SymlinkedDirectory_KeptUnresolvedSoASwappedLinkTakesEffect()
    {
        string current = Path.Combine(_directory.Path, "current");
        Directory.CreateSymbolicLink(current, _cgiBin);

        var mount = Assert.Single(Config.Options("--http", ":9090", "--cgi", current).Cgi.Mounts);

        Assert.Equal(new CgiMount(string.Empty, current), mount);
    }

    [Fact]
    public void Load_PathToAFile_MountsOneScript()
    {
        var mount = Assert.Single(Config.Options("--http", ":9090", "--cgi", "/report=" + _script).Cgi.Mounts);

        Assert.Equal(new CgiMount("/report", _script, IsScript: true), mount);
    }

    [Fact]
    public void Load_HelperValue_SplitAtFirstEqualsAndEmptySuffixKept()
    {
        var helpers = Config.Options("--http", ":9090", "--cgi", _cgiBin, "--cgi-helper", "=sh", "--cgi-helper", "py=x=y").Cgi.Helpers;

        Assert.Equal([new CgiHelper(string.Empty, "sh"), new CgiHelper("py", "x=y")], helpers);
    }

    [Fact]
    public void Load_CgiFromDocrootAlone_IsConfigured()
    {
        var cgi = Config.Options("--http", ":9090", "--cgi-from-docroot").Cgi;

        Assert.True(cgi.IsConfigured);
        Assert.True(cgi.FromDocumentRoot);
        Assert.Empty(cgi.Mounts);
    }

    private string[] CommandLine() =>
        ["--http", ":9090", .. Settings().SelectMany(setting => new[] { "--" + setting.Key, setting.Value })];

    private (string Key, string Value)[] Settings() =>
    [
        ("cgi", "/cgi-bin/=" + _cgiBin),
        ("cgi", "/report=" + _script),
        ("cgi", _cgiBin),
        ("cgi-helper", ".php=php-cgi"),
        ("cgi-map-helper", ".pl=perl"),
        ("cgi-index", "index.cgi"),
        ("cgi-index", "index.pl"),
        ("cgi-allowed-ext", ".cgi"),
        ("cgi-allowed-ext", ".pl"),
        ("cgi-safe", "/usr/lib/cgi-bin"),
        ("cgi-safe", "/opt/cgi"),
        ("cgi-unset", "HTTP_PROXY"),
        ("cgi-unset", "PERL5LIB"),
        ("cgi-timeout", "30"),
        ("cgi-buffer-size", "8192"),
        ("cgi-optimized", "true"),
        ("cgi-do-not-kill-on-error", "true"),
        ("cgi-close-stdin-on-eof", "true"),
        ("cgi-dontresolve", "true"),
    ];

    private void AssertFullSet(CgiOptions cgi)
    {
        Assert.True(cgi.IsConfigured);
        Assert.Equal([new("/cgi-bin/", _cgiBin), new("/report", _script, IsScript: true), new(string.Empty, _cgiBin)], cgi.Mounts);
        Assert.Equal([new(".php", "php-cgi"), new(".pl", "perl")], cgi.Helpers);
        Assert.Equal(["index.cgi", "index.pl"], cgi.IndexFiles);
        Assert.Equal([".cgi", ".pl"], cgi.AllowedExtensions);
        Assert.Equal(["/usr/lib/cgi-bin", "/opt/cgi"], cgi.SafePaths);
        Assert.Equal(["HTTP_PROXY", "PERL5LIB"], cgi.UnsetVariables);
        Assert.Equal(30, cgi.Timeout);
        Assert.Equal(8192, cgi.BufferSize);
        Assert.False(cgi.FromDocumentRoot);
        Assert.True(cgi.Optimize);
        Assert.True(cgi.DoNotKillOnError);
        Assert.True(cgi.CloseStdinOnEof);
        Assert.True(cgi.DoNotResolve);
    }
}
