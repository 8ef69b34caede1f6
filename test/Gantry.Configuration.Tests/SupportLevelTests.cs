using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

public sealed class SupportLevelTests
{
    [Theory]
    [InlineData("--thunder-lock")]
    [InlineData("--memory-report")]
    [InlineData("--auto-procname")]
    [InlineData("--single-interpreter")]
    [InlineData("--lazy-apps")]
    [InlineData("--max-requests-delta=5")]
    public void Load_IgnoredOption_StartsWithOneNotice(string argument)
    {
        var result = Config.Load("--http", ":9090", "--module", "app", argument, argument);

        Assert.NotNull(result.Options);
        string name = argument[2..].Split('=')[0];
        var notice = Assert.Single(result.Notices);
        Assert.StartsWith($"option '{name}' is ignored: ", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Plugin_IsIgnoredBecausePythonIsEmbedded()
    {
        var result = Config.Load("--plugin", "python3", "--plugins", "http,python3", "--http", ":9090", "--module", "app");

        Assert.Equal(["option 'plugin' is ignored: Gantry embeds Python; plugins are built in"], result.Notices);
    }

    [Theory]
    [InlineData("--emperor-on-demand-exec", "/usr/bin/find-socket")]
    [InlineData("--spooler", "/var/spool/app")]
    [InlineData("--cache2", "name=default,items=100")]
    [InlineData("--route", "^/old redirect:/new")]
    [InlineData("--route-if", "equal:${PATH_INFO};/x break:403")]
    [InlineData("--mule", "task.py")]
    [InlineData("--gevent", "100")]
    [InlineData("--chroot", "/srv/jail")]
    [InlineData("--sni-regexp", "example.com=cert.pem,key.pem")]
    [InlineData("--declare-option", "myopt=socket=:3031")]
    public void Load_RejectedOption_FailsWithReason(string option, string value)
    {
        var result = Config.Load("--http", ":9090", "--module", "app", option, value);

        Assert.Null(result.Options);
        var error = Assert.Single(result.Errors);
        Assert.Equal($"{option} {value}", error.Setting);
        Assert.StartsWith("not supported: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length > "not supported: ".Length + 10);
    }

    [Fact]
    public void Load_StatsOptions_ActiveWithoutNotice()
    {
        var result = Config.Load("--http", ":9090", "--module", "app", "--master", "--harakiri", "30", "--stats", "127.0.0.1:9191", "--stats-http",
            "--stats-minified", "--stats-no-cores");

        Assert.NotNull(result.Options);
        Assert.Empty(result.Notices);
        Assert.Equal(("127.0.0.1:9191", true, true, true),
            (result.Options.Stats, result.Options.StatsHttp, result.Options.StatsMinified, result.Options.StatsNoCores));
    }

    [Fact]
    public void Load_ImplementedOptions_ProduceNoNotice()
    {
        var result = Config.Load(
            "--http", ":9090", "--module", "app", "--vacuum", "--die-on-term", "--enable-threads", "--buffer-size", "8192",
            "--post-buffering", "4096", "--limit-post", "1048576", "--pidfile", "/tmp/app.pid", "--disable-logging");

        Assert.Empty(result.Notices);
        Assert.Empty(result.Warnings);
        Assert.Empty(result.Errors);
    }
}
