using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Binding;

/// <summary>What Gantry does with each cgi row: supported (served by the CGI host, Gantry.Cgi), ignored or rejected.</summary>
public sealed class CgiSupportTests
{
    [Theory]
    [InlineData("--cgi-path-info", "option 'cgi-path-info' is ignored: uWSGI 2.0.21 reads it but never acts on it")]
    [InlineData("--cgi-mode", "option 'cgi-mode' is ignored: uWSGI 2.0.21 reads it but no plugin acts on it")]
    [InlineData("-c", "option 'cgi-mode' is ignored: uWSGI 2.0.21 reads it but no plugin acts on it")]
    [InlineData("--cgi-async-max-attempts", "option 'cgi-async-max-attempts' is ignored: it only matters in uWSGI's async mode")]
    [InlineData("--cgi-async-max-attempts=5", "option 'cgi-async-max-attempts' is ignored: it only matters in uWSGI's async mode")]
    public void Load_RowUwsgiNeverActsOn_IgnoredWithOneNotice(string argument, string notice)
    {
        var result = Config.Load("--http", ":9090", "--module", "app", argument);

        Assert.NotNull(result.Options);
        Assert.StartsWith(notice, Assert.Single(result.Notices), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CgiLoadlib_RejectedWithReason()
    {
        var result = Config.Load("--http", ":9090", "--module", "app", "--cgi-loadlib", "libperl.so:boot");

        var error = Assert.Single(result.Errors);
        Assert.Equal("--cgi-loadlib libperl.so:boot", error.Setting);
        Assert.StartsWith("not supported: Gantry loads no native code into its workers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SupportedCgiRows_ActiveWithoutNotice()
    {
        var result = Config.Load("--http", ":9090", "--cgi", "/", "--cgi", "/x=/", "--cgi-timeout", "10", "--cgi-optimize");

        Assert.NotNull(result.Options);
        Assert.True(result.Options.Cgi.IsConfigured);
        Assert.Empty(result.Notices);
    }
}
