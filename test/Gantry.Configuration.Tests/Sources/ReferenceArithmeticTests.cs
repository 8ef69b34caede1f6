using Gantry.Configuration.Sources;

namespace Gantry.Configuration.Tests.Sources;

public sealed class ReferenceArithmeticTests
{
    private static readonly Dictionary<string, string> Names = new() { ["processes"] = "2", ["cores"] = "8", ["name"] = "app" };

    [Theory]
    [InlineData("processes", "2")]
    [InlineData("8 * 2", "16")]
    [InlineData("processes cores", "28")]
    [InlineData("processes cores + 2", "30")]
    [InlineData("cores - processes", "6")]
    [InlineData("cores / 3", "2")]
    [InlineData("cores / 0", "0")]
    [InlineData("processes ++", "3")]
    [InlineData("cores -- --", "6")]
    [InlineData("name -suffix", "app")]
    public void Evaluate_Pipeline_GivesUwsgiResult(string expression, string expected)
    {
        Assert.Equal(expected, ReferenceArithmetic.Evaluate(expression, Names.GetValueOrDefault));
    }

    [Fact]
    public void Evaluate_SingleUnknownName_IsNull()
    {
        Assert.Null(ReferenceArithmetic.Evaluate("unknown", Names.GetValueOrDefault));
    }

    [Fact]
    public void Load_CpuCountTimesTwo_SetsProcesses()
    {
        using var directory = new Support.TemporaryDirectory();
        string path = directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nmodule = app\nprocesses = %(%k * 2)\n");

        var options = Support.Config.Succeed(Support.Config.LoadIn(directory.Path, path));

        Assert.Equal(Environment.ProcessorCount * 2, options.Processes);
    }
}
