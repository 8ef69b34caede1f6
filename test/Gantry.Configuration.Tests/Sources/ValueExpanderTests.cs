using Gantry.Configuration.Sources;

namespace Gantry.Configuration.Tests.Sources;

public sealed class ValueExpanderTests
{
    private static readonly Dictionary<string, string> Environment = new() { ["HOME"] = "/home/u", ["EMPTY"] = string.Empty };
    private static readonly Dictionary<string, string> Names = new() { ["base"] = "/srv", ["port"] = "9090" };

    private static (string Value, List<string> Unresolved) Expand(string value)
    {
        List<string> unresolved = [];
        string result = ValueExpander.Expand(value, Environment.GetValueOrDefault, Names.GetValueOrDefault, unresolved.Add);
        return (result, unresolved);
    }

    [Theory]
    [InlineData("$(HOME)/app", "/home/u/app")]
    [InlineData("%(base)/app:%(port)", "/srv/app:9090")]
    [InlineData("$(EMPTY:-fallback)", "fallback")]
    [InlineData("$(EMPTY-fallback)", "")]
    [InlineData("$(UNSET-fallback)", "fallback")]
    [InlineData("$(UNSET:-a-b)", "a-b")]
    [InlineData("no references", "no references")]
    [InlineData("50% and $ and %", "50% and $ and %")]
    [InlineData("%(base", "%(base")]
    public void Expand_Value_GivesExpected(string value, string expected)
    {
        Assert.Equal(expected, Expand(value).Value);
    }

    [Fact]
    public void Expand_Unresolved_KeptAndReported()
    {
        var (value, unresolved) = Expand("$(NOPE)/%(nothing)");

        Assert.Equal("$(NOPE)/%(nothing)", value);
        Assert.Equal(["$(NOPE)", "%(nothing)"], unresolved);
    }

    [Fact]
    public void Expand_EnvironmentBeforeReferences_SoEnvironmentCanNameAReference()
    {
        var environment = new Dictionary<string, string> { ["WHICH"] = "base" };

        string value = ValueExpander.Expand("%($(WHICH))", environment.GetValueOrDefault, Names.GetValueOrDefault, _ => { });

        Assert.Equal("/srv", value);
    }
}
