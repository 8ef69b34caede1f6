using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Binding;

/// <summary>Every cgi mistake is reported at once, naming the key and how to fix it.</summary>
public sealed class CgiValidationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _cgiBin;

    public CgiValidationTests()
    {
        _cgiBin = Path.GetDirectoryName(_directory.Write("cgi-bin/hello.cgi", "#!/bin/sh\n"))!;
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("cgi", "/cgi-bin=", "names no directory; write cgi = /cgi-bin=/srv/cgi-bin")]
    [InlineData("cgi", "cgi-bin=CGI", "the mountpoint never matches: request paths start with '/'; write cgi = /cgi-bin=CGI")]
    [InlineData("cgi", "=CGI", "the mountpoint is empty and never matches; write cgi = CGI")]
    [InlineData("cgi-helper", ".php", "must be SUFFIX=PROGRAM, e.g. cgi-helper = .php=php-cgi")]
    [InlineData("cgi-map-helper", ".php=", "names no program; write cgi-helper = .php=/usr/bin/php-cgi")]
    [InlineData("cgi-helper", ".py=python3 -u", "'python3 -u' is run as one program name, without arguments")]
    [InlineData("cgi-helper", ".so=sym://run_cgi", "sym:// helpers call a function loaded into uWSGI's own process")]
    [InlineData("cgi-helper", ".php=/nonexistent/bin/php-cgi", "no such program: /nonexistent/bin/php-cgi; install it or correct the path")]
    [InlineData("cgi-unset", "HTTP_PROXY=1", "an environment variable name cannot hold '='")]
    [InlineData("cgi-timeout", "-1", "must be at least 0")]
    [InlineData("cgi-timeout", "soon", "must be a whole number")]
    [InlineData("cgi-buffer-size", "-1", "must be at least 0")]
    public void Load_BadCgiSetting_OneErrorNamingKeyAndFix(string option, string value, string message)
    {
        var result = Config.Load("--http", ":9090", "--cgi", _cgiBin, "--" + option, value.Replace("CGI", _cgiBin, StringComparison.Ordinal));

        Assert.Null(result.Options);
        var error = Assert.Single(result.Errors);
        Assert.Contains(message.Replace("CGI", _cgiBin, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
        Assert.Equal(option == "cgi-map-helper" ? "cgi-helper" : option, error.Option);
        Assert.Contains(value.Replace("CGI", _cgiBin, StringComparison.Ordinal), error.Setting, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingDirectory_ErrorNamesTheAbsolutePath()
    {
        var result = Config.Load("--http", ":9090", "--cgi", "/cgi-bin=/nonexistent/cgi-bin");

        var error = Assert.Single(result.Errors);
        Assert.Equal("cgi = /cgi-bin=/nonexistent/cgi-bin", error.Setting);
        Assert.Equal("no such directory or script: /nonexistent/cgi-bin; create it or correct the path", error.Message);
    }

    [Fact]
    public void Load_MissingRelativeDirectory_ErrorSaysWhereItStarts()
    {
        var fromStart = Config.LoadIn(_directory.Path, "--http", ":9090", "--cgi", "scripts");
        var fromChdir = Config.LoadIn("/", "--http", ":9090", "--chdir", _directory.Path, "--cgi", "scripts");

        Assert.Contains($"(a relative path starts from the start directory, {_directory.Path})", Config.ErrorText(fromStart), StringComparison.Ordinal);
        Assert.Contains($"no such directory or script: {_directory.Path}/scripts (a relative path starts from chdir, {_directory.Path})",
            Config.ErrorText(fromChdir), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DanglingSymlink_IsMissing()
    {
        string link = Path.Combine(_directory.Path, "gone");
        File.CreateSymbolicLink(link, Path.Combine(_directory.Path, "removed-release"));

        var result = Config.Load("--http", ":9090", "--cgi", link);

        Assert.Contains($"no such directory or script: {link}", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralMistakes_AllReportedAtOnce()
    {
        var result = Config.Load("--http", ":9090", "--cgi", "/nonexistent", "--cgi", "cgi=" + _cgiBin, "--cgi-helper", "php",
            "--cgi-helper", ".pl=", "--cgi-timeout", "-5", "--cgi-loadlib", "libfoo.so:init");

        Assert.Null(result.Options);
        Assert.Equal(["cgi", "cgi", "cgi-helper", "cgi-helper", "cgi-loadlib", "cgi-timeout"], result.Errors.Select(e => e.Option).Order());
    }

    [Fact]
    public void Load_SeveralBareDirectories_LastUsedEarlierOnesWarned()
    {
        string other = Path.GetDirectoryName(_directory.Write("old-cgi/x.cgi", string.Empty))!;

        var result = Config.Load("--http", ":9090", "--cgi", other, "--cgi", _cgiBin);

        Assert.Equal([new CgiMount(string.Empty, _cgiBin)], Config.Succeed(result).Cgi.Mounts);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal($"cgi = {other}", warning.Setting);
        Assert.Contains("only the last cgi directory without a mountpoint is used (as in uWSGI)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SameMountpointTwice_FirstUsedSecondWarned()
    {
        string other = Path.GetDirectoryName(_directory.Write("other/x.cgi", string.Empty))!;

        var result = Config.Load("--http", ":9090", "--cgi", "/cgi-bin=" + _cgiBin, "--cgi", "/cgi-bin=" + other);

        Assert.Equal([new CgiMount("/cgi-bin", _cgiBin)], Config.Succeed(result).Cgi.Mounts);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal($"cgi = /cgi-bin={other}", warning.Setting);
        Assert.Contains("uWSGI uses the first", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FromDocrootWithMounts_WarnsThatMountsAreUnused()
    {
        var result = Config.Load("--http", ":9090", "--cgi", _cgiBin, "--cgi-from-docroot");

        Assert.NotNull(result.Options);
        Assert.Contains("the cgi mounts are never used", Config.WarningText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CgiSettingsWithoutCgi_WarnsTheyHaveNoEffect()
    {
        var result = Config.Load("--http", ":9090", "--module", "app", "--cgi-helper", ".php=php-cgi");

        Assert.False(Config.Succeed(result).Cgi.IsConfigured);
        Assert.Contains("cgi-* options are set but no cgi directory is", Config.WarningText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RelativeCgiSafe_WarnsItNeverMatches()
    {
        var result = Config.Load("--http", ":9090", "--cgi", _cgiBin, "--cgi-safe", "lib/cgi");

        Assert.NotNull(result.Options);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("cgi-safe", warning.Option);
        Assert.Contains("give an absolute prefix", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CgiWithoutApplication_NoMissingApplicationWarning()
    {
        var result = Config.Load("--http", ":9090", "--cgi", _cgiBin);

        Assert.NotNull(result.Options);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Load_CgiWithNeedAppButNoApplication_FailsAsUwsgi()
    {
        var result = Config.Load("--http", ":9090", "--cgi", _cgiBin, "--need-app");

        Assert.Contains("need-app is set but no application is configured", Config.ErrorText(result), StringComparison.Ordinal);
    }
}
