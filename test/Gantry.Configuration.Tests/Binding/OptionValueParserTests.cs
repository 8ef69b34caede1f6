using Gantry.Configuration.Binding;
using Gantry.Configuration.Registry;

namespace Gantry.Configuration.Tests.Binding;

public sealed class OptionValueParserTests
{
    private static OptionDefinition Row(string name) => OptionRegistry.Find(name)!;

    [Theory]
    [InlineData("", true)]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("FALSE", false)]
    [InlineData("Off", false)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    [InlineData("00", true)]
    [InlineData("nope", true)]
    public void TryParse_Flag_FollowsUwsgiRule(string text, bool expected)
    {
        Assert.True(OptionValueParser.TryParse(Row("master"), text, out var value, out _, out _));
        Assert.Equal(expected, value.Flag);
    }

    [Theory]
    [InlineData("4", 4, false)]
    [InlineData("  4", 4, false)]
    [InlineData("+4", 4, false)]
    [InlineData("4 # four", 4, true)]
    [InlineData("4k", 4, true)]
    public void TryParse_Integer_ReadsLeadingDigitsLikeAtoi(string text, long expected, bool warns)
    {
        Assert.True(OptionValueParser.TryParse(Row("processes"), text, out var value, out string? error, out string? warning));
        Assert.Null(error);
        Assert.Equal(expected, value.Number);
        Assert.Equal(warns, warning is not null);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("99999999999999999999999")]
    public void TryParse_NotANumber_Fails(string text)
    {
        Assert.False(OptionValueParser.TryParse(Row("processes"), text, out _, out string? error, out _));
        Assert.NotNull(error);
    }

    [Fact]
    public void TryParse_Megabytes_MultipliesByMebibyte()
    {
        Assert.True(OptionValueParser.TryParse(Row("reload-on-rss"), "512", out var value, out _, out _));
        Assert.Equal(512L * 1024 * 1024, value.Number);
    }

    [Theory]
    [InlineData("", "666")]
    [InlineData("1", "666")]
    [InlineData("660", "660")]
    [InlineData("007", "007")]
    public void TryParse_Mode_AcceptsUwsgiForms(string text, string expected)
    {
        Assert.True(OptionValueParser.TryParse(Row("chmod-socket"), text, out var value, out _, out _));
        Assert.Equal(expected, value.Text);
    }

    [Fact]
    public void TryParse_KeyValue_NeedsKeyBeforeEquals()
    {
        Assert.True(OptionValueParser.TryParse(Row("env"), "A=", out var value, out _, out _));
        Assert.Equal(new KeyValuePair<string, string>("A", string.Empty), value.AsPair());
        Assert.False(OptionValueParser.TryParse(Row("env"), "=B", out _, out _, out _));
    }

    [Fact]
    public void TryParse_TextEmpty_NeedsValue()
    {
        Assert.False(OptionValueParser.TryParse(Row("chdir"), string.Empty, out _, out string? error, out _));
        Assert.Equal("needs a value", error);
    }
}
