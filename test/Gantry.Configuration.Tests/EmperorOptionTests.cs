using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

public sealed class EmperorOptionTests
{
    [Fact]
    public void Load_EmperorAlone_NeedsNoSocketAndKeepsEveryEmperorOption()
    {
        var result = Config.Load("--emperor", "/etc/gantry/vassals", "--emperor", "/srv/*.ini", "--emperor-freq", "1",
            "--emperor-throttle", "500", "--emperor-max-throttle", "2000", "--emperor-tyrant", "--emperor-stats", "127.0.0.1:9191",
            "--vassals-inherit", "/etc/gantry/base.ini", "--vassals-set", "processes=4", "--emperor-extra-extension", ".conf",
            "--reload-mercy", "7");

        Assert.Empty(result.Errors);
        var emperor = result.Options!.Emperor;
        Assert.True(emperor.IsConfigured);
        Assert.Equal(["/etc/gantry/vassals", "/srv/*.ini"], emperor.Monitors);
        Assert.Equal((1, 500, 2000, true, "127.0.0.1:9191"), (emperor.Frequency, emperor.Throttle, emperor.MaxThrottle, emperor.Tyrant, emperor.StatsAddress));
        Assert.Equal(["/etc/gantry/base.ini"], emperor.Inherit);
        Assert.Equal(["processes=4"], emperor.Set);
        Assert.Equal([".conf"], emperor.ExtraExtensions);
        Assert.Equal(7, emperor.ReloadMercy);
    }

    [Fact]
    public void Load_EmperorDefaults_AreUwsgis()
    {
        var emperor = Config.Load("--emperor", "/etc/gantry/vassals").Options!.Emperor;

        Assert.Equal((3, 1000, 180_000, 30, 30, 30), (emperor.Frequency, emperor.Throttle, emperor.MaxThrottle, emperor.CurseTolerance,
            emperor.RequiredHeartbeat, emperor.ReloadMercy));
    }

    [Fact]
    public void Load_EmperorWithASocket_IsAnErrorThatSaysWhereTheSocketGoes()
    {
        var result = Config.Load("--emperor", "/etc/gantry/vassals", "--http", ":9090");

        var error = Assert.Single(result.Errors);
        Assert.Contains("move the sockets, master and application into a vassal file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_VassalSos_IsIgnoredWithTheReason()
    {
        var result = Config.Load("--http", ":9090", "--vassal-sos", "10");

        Assert.Empty(result.Errors);
        Assert.Contains(result.Notices, notice => notice.Contains("vassal-sos", StringComparison.Ordinal)
            && notice.Contains("no zerg mode", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Heartbeat_IsTheVassalsInterval()
    {
        Assert.Equal(5, Config.Load("--http", ":9090", "--heartbeat", "5").Options!.Heartbeat);
    }
}
