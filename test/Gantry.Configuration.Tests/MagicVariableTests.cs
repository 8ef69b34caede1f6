using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

public sealed class MagicVariableTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Loads "[uwsgi] chdir = <value>" from <relativePath> and returns what chdir became.
    private string ChdirAfter(string value, string relativePath = "conf/site/app.prod.ini", string? argumentSuffix = null, string section = "uwsgi")
    {
        string path = _directory.Write(relativePath, $"[{section}]\nhttp = :9090\nmodule = app\nchdir = {value}\n");
        var result = Config.LoadIn(_directory.Path, path + argumentSuffix);
        return Config.Succeed(result).Chdir!;
    }

    [Fact]
    public void PercentD_IsDirectoryWithTrailingSlash()
    {
        Assert.Equal($"{_directory.Path}/conf/site/", ChdirAfter("%d"));
        Assert.Equal($"{_directory.Path}/conf/site//app", ChdirAfter("%d/app"));
    }

    [Fact]
    public void PercentP_IsAbsolutePath() => Assert.Equal($"{_directory.Path}/conf/site/app.prod.ini", ChdirAfter("%p"));

    [Fact]
    public void PercentS_IsFileName() => Assert.Equal("app.prod.ini", ChdirAfter("%s"));

    [Fact]
    public void PercentN_IsFileNameWithoutExtension() => Assert.Equal("/srv/app.prod", ChdirAfter("/srv/%n"));

    [Fact]
    public void PercentE_IsExtension() => Assert.Equal("ini", ChdirAfter("%e"));

    [Fact]
    public void PercentC_IsContainingDirectoryName() => Assert.Equal("/srv/site", ChdirAfter("/srv/%c"));

    [Fact]
    public void PercentDigits_AreDirectoryComponents()
    {
        string[] parts = $"{_directory.Path}/conf/site".Split('/', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal($"{parts[0]}-{parts[1]}", ChdirAfter("%0-%1"));
    }

    [Fact]
    public void PercentX_IsSectionAskedFor()
    {
        Assert.Equal("/srv/staging", ChdirAfter("/srv/%x", argumentSuffix: ":staging", section: "staging"));
        Assert.Equal("/srv/", ChdirAfter("/srv/%x"));
    }

    [Fact]
    public void PercentO_IsPathAsWritten()
    {
        _directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nmodule = app\nchdir = /x/%o\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, "app.ini"));

        Assert.Equal("/x/app.ini", options.Chdir);
    }

    [Fact]
    public void PercentH_IsHostName() => Assert.Equal(System.Net.Dns.GetHostName(), ChdirAfter("%h"));

    [Fact]
    public void PercentK_IsCpuCount() => Assert.Equal(Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), ChdirAfter("%k"));

    [Fact]
    public void PercentV_IsGantryVersion() => Assert.Equal(ConfigurationLoader.Version, ChdirAfter("%V"));

    [Fact]
    public void PercentU_IsUserName() => Assert.Equal(Environment.UserName, ChdirAfter("%U"));

    [Fact]
    public void PercentJ_IsEightHexDigits() => Assert.Matches("^[0-9a-f]{8}$", ChdirAfter("%j"));

    [Fact]
    public void DoublePercent_IsLiteralPercent() => Assert.Equal("/srv/100%", ChdirAfter("/srv/100%%"));

    [Fact]
    public void UppercaseVariables_NameTheFirstFileRead()
    {
        _directory.Write("inner/base.ini", "[uwsgi]\nchdir = %N+%n\n");
        string path = _directory.Write("outer.ini", "[uwsgi]\nhttp = :9090\nmodule = app\ninclude = %dinner/base.ini\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, path));

        Assert.Equal("outer+base", options.Chdir);
    }

    [Fact]
    public void UnknownMagicLetter_BecomesEmptyAndWarns()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nmodule = app\nchdir = /srv/%z\n");

        var result = Config.LoadIn(_directory.Path, path);

        Assert.Equal("/srv/", Config.Succeed(result).Chdir);
        Assert.Contains("%z is not a magic variable", Config.WarningText(result), StringComparison.Ordinal);
    }
}
