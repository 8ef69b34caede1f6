using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Binding;

/// <summary>Cheaper-mode rows as production uWSGI inis write them, and uWSGI 2.0's checks (core/init.c).</summary>
public sealed class CheaperBindingTests
{
    [Fact]
    public void Load_CheaperRows_Bound()
    {
        var options = Config.Options("--http", ":9090", "--module", "app", "--processes", "8", "--cheaper", "2",
            "--cheaper-initial", "3", "--cheaper-step", "2", "--cheaper-overload", "5", "--cheaper-algo", "spare");

        Assert.Equal(8, options.Processes);
        Assert.Equal(2, options.Cheaper);
        Assert.Equal(3, options.CheaperInitial);
        Assert.Equal(2, options.CheaperStep);
        Assert.Equal(5, options.CheaperOverload);
    }

    [Fact]
    public void Load_NoCheaper_DefaultsAreUwsgis()
    {
        var options = Config.Options("--http", ":9090", "--module", "app");

        Assert.Equal(0, options.Cheaper);
        Assert.Equal(1, options.CheaperStep);
        Assert.Equal(3, options.CheaperOverload);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("5")]
    public void Load_CheaperNotBelowProcesses_ErrorNamesKeyAndFix(string cheaper)
    {
        var result = Config.Load("--http", ":9090", "--module", "app", "--processes", "4", "--cheaper", cheaper);

        var error = Assert.Single(result.Errors);
        Assert.Equal("cheaper", error.Option);
        Assert.Contains("must be lower than processes (4)", error.Message, StringComparison.Ordinal);
        Assert.Contains("raise processes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", 2, "must be at least cheaper (2)")]
    [InlineData("9", 4, "must not exceed processes (4)")]
    public void Load_CheaperInitialOutOfRange_ClampedWithWarningAsUwsgi(string initial, int expected, string warning)
    {
        var result = Config.Load("--http", ":9090", "--module", "app", "--processes", "4", "--cheaper", "2", "--cheaper-initial", initial);

        Assert.Equal(expected, Config.Succeed(result).CheaperInitial);
        Assert.Contains(warning, Config.WarningText(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("busyness")]
    [InlineData("backlog")]
    [InlineData("manual")]
    public void Load_OtherCheaperAlgorithm_RejectedNamingSpare(string algorithm)
    {
        var result = Config.Load("--http", ":9090", "--module", "app", "--processes", "4", "--cheaper", "1", "--cheaper-algo", algorithm);

        var error = Assert.Single(result.Errors);
        Assert.Equal("cheaper-algo", error.Option);
        Assert.Contains("set it to spare", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--cheaper-rss-limit-hard", "2000" }, "needs cheaper-rss-limit-soft")]
    [InlineData(new[] { "--cheaper-rss-limit-soft", "2000", "--cheaper-rss-limit-hard", "1000" }, "must be higher than cheaper-rss-limit-soft (2000)")]
    public void Load_CheaperRssLimitsInconsistent_ErrorNamesTheFix(string[] limits, string message)
    {
        var result = Config.Load(["--http", ":9090", "--module", "app", "--processes", "4", "--cheaper", "1", .. limits]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("cheaper-rss-limit-hard", error.Option);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CheaperRssLimits_Bound()
    {
        var options = Config.Options("--http", ":9090", "--module", "app", "--processes", "4", "--cheaper", "1",
            "--cheaper-rss-limit-soft", "1000", "--cheaper-rss-limit-hard", "2000");

        Assert.Equal(1000, options.CheaperRssLimitSoft);
        Assert.Equal(2000, options.CheaperRssLimitHard);
    }

    [Fact]
    public void Load_CheaperOverloadZero_Rejected()
    {
        var result = Config.Load("--http", ":9090", "--module", "app", "--processes", "4", "--cheaper", "1", "--cheaper-overload", "0");

        Assert.Contains("cheaper-overload", Config.ErrorText(result), StringComparison.Ordinal);
    }
}
