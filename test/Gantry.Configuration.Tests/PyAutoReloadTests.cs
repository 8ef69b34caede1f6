using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

/// <summary>py-autoreload and py-auto-reload-ignore as uWSGI 2.0.21 binds them (plugins/python/python_plugin.c).</summary>
public sealed class PyAutoReloadTests
{
    [Theory]
    [InlineData("--py-autoreload")]
    [InlineData("--py-auto-reload")]
    [InlineData("--python-autoreload")]
    [InlineData("--python-auto-reload")]
    public void Load_AnyAutoReloadAlias_SetsIntervalAndTurnsMasterOn(string name)
    {
        var result = Config.Load("--http", ":9090", "--module", "app", name, "2");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(2, result.Options!.PyAutoReload);
        // uWSGI marks the option UWSGI_OPT_MASTER: the workers signal the master, so it is on without --master.
        Assert.True(result.Options.Master);
    }

    [Fact]
    public void Load_AutoReloadIgnoreRepeated_KeepsEveryModuleInOrder()
    {
        var result = Config.Load("--http", ":9090", "--module", "app", "--py-autoreload", "1",
            "--py-auto-reload-ignore", "settings", "--py-auto-reload-ignore", "pkg.local");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(["settings", "pkg.local"], result.Options!.PyAutoReloadIgnore);
    }

    [Fact]
    public void Load_NoAutoReload_LeavesItOffAndTheMasterAlone()
    {
        var result = Config.Load("--http", ":9090", "--module", "app");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(0, result.Options!.PyAutoReload);
        Assert.False(result.Options.Master);
        Assert.Empty(result.Options.PyAutoReloadIgnore);
    }
}
