using System.Globalization;
using System.Text;
using Gantry.Application;

namespace Gantry.Server.Tests.Application;

/// <summary>
/// The variable list every front fills (Gantry.Application has no test project of its own: it is the contract, and
/// its users are tested here and in Gantry.Python.Tests). Here: how header variables are joined on repeat.
/// </summary>
public sealed class CgiVariablesTests
{
    [Fact]
    public void AddHeaderVariable_Repeated_JoinedWithCommaSpace()
    {
        var variables = new CgiVariables();
        variables.AddHeaderVariable("HTTP_X_DUP"u8, "first"u8);
        variables.Add("REQUEST_METHOD"u8, "GET"u8);
        variables.AddHeaderVariable("HTTP_X_DUP"u8, "second"u8);
        variables.AddHeaderVariable("HTTP_X_DUP"u8, "third"u8);
        Assert.Equal(2, variables.Count);
        Assert.Equal("first, second, third", Get(variables, "HTTP_X_DUP"));
        Assert.Equal("GET", Get(variables, "REQUEST_METHOD"));
    }

    [Fact]
    public void AddHeaderVariable_Cookie_JoinedWithSemicolonSpace()
    {
        var variables = new CgiVariables();
        variables.AddHeaderVariable("HTTP_COOKIE"u8, "a=1"u8);
        variables.AddHeaderVariable("HTTP_COOKIE"u8, "b=2; c=3"u8);
        Assert.Equal("a=1; b=2; c=3", Get(variables, "HTTP_COOKIE"));
    }

    [Fact]
    public void AddHttpHeader_SameFieldAsHeaderVariable_OneJoinedVariable()
    {
        var variables = new CgiVariables();
        variables.AddHttpHeader("x-dup"u8, "first"u8);
        variables.AddHeaderVariable("HTTP_X_DUP"u8, "second"u8);
        variables.AddHttpHeader("X-Dup"u8, "third"u8);
        Assert.Equal(1, variables.Count);
        Assert.Equal("first, second, third", Get(variables, "HTTP_X_DUP"));
    }

    [Fact]
    public void Set_AfterJoin_ReplacesJoinedValue()
    {
        var variables = new CgiVariables();
        variables.AddHeaderVariable("HTTP_X_A"u8, "1"u8);
        variables.AddHeaderVariable("HTTP_X_B"u8, "2"u8);
        variables.AddHeaderVariable("HTTP_X_A"u8, "3"u8);
        variables.Set("HTTP_X_A"u8, "replaced"u8);
        variables.AddHeaderVariable("HTTP_X_A"u8, "4"u8);
        Assert.Equal("replaced, 4", Get(variables, "HTTP_X_A"));
        Assert.Equal("2", Get(variables, "HTTP_X_B"));
    }

    [Fact]
    public void Join_ManyInterleavedRepeats_BufferGrowsWithTheInputNotItsSquare()
    {
        // Two fields alternating 1000 times, 30-byte values: ≈ 40 KB of input. Copying the whole joined value at
        // every repeat would copy (and keep) ≈ 30 MB; with room to grow the buffer stays within a few times the input.
        var variables = new CgiVariables();
        var value = new string('v', 27);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            variables.AddHeaderVariable(i % 2 == 0 ? "HTTP_X_A"u8 : "HTTP_X_B"u8, Encoding.Latin1.GetBytes(Number(i) + value));
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(string.Join(", ", Enumerable.Range(0, 500).Select(i => Number(2 * i) + value)), Get(variables, "HTTP_X_A"));
        Assert.Equal(string.Join(", ", Enumerable.Range(0, 500).Select(i => Number(2 * i + 1) + value)), Get(variables, "HTTP_X_B"));
        Assert.True(allocated < 1024 * 1024, $"{allocated} bytes allocated for about 40 KB of input");
    }

    [Fact]
    public void Join_AfterClear_NoAllocationOnceGrown()
    {
        var variables = new CgiVariables();
        Fill(variables);
        variables.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Fill(variables);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("first, second, third", Get(variables, "HTTP_X_DUP"));
        Assert.Equal("a=1; b=2", Get(variables, "HTTP_COOKIE"));

        static void Fill(CgiVariables variables)
        {
            variables.AddHeaderVariable("HTTP_X_DUP"u8, "first"u8);
            variables.AddHeaderVariable("HTTP_COOKIE"u8, "a=1"u8);
            variables.AddHeaderVariable("HTTP_X_DUP"u8, "second"u8);
            variables.AddHeaderVariable("HTTP_COOKIE"u8, "b=2"u8);
            variables.AddHeaderVariable("HTTP_X_DUP"u8, "third"u8);
        }
    }

    private static string Number(int i) => i.ToString("D3", CultureInfo.InvariantCulture);

    private static string? Get(CgiVariables variables, string key) =>
        variables.TryGetValue(Encoding.Latin1.GetBytes(key), out var value) ? Encoding.Latin1.GetString(value) : null;
}
