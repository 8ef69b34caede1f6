using System.Text;
using System.Text.Json;
using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Wsgi;

/// <summary>wsgi.input over bodies kept in memory and bodies spooled to a temporary file.</summary>
[Collection(PythonCollection.Name)]
public sealed class InputTests(PythonFixture python)
{
    private const int Spooled = 16; // memory limit that spools every body in these tests to disk

    private static readonly byte[] Lines = Encoding.Latin1.GetBytes("first line\nsecond\n\nfourth \u00e9\nno newline at end");

    private string[] Read(string operation, byte[] body, int memoryLimit, int number = 0)
    {
        using var request = Requests.Create("POST", operation, number == 0 ? "" : number.ToString(System.Globalization.CultureInfo.InvariantCulture), body, memoryLimit);
        Assert.Equal(memoryLimit < body.Length, request.Body.IsSpooled);
        var response = python.Run(() => python.Application("input_app.py").Call(request));
        Assert.Equal(ApplicationStep.Completed, response.Step);
        return JsonDocument.Parse(response.Sink.Body).RootElement.EnumerateArray().Select(item => item.GetString()!).ToArray();
    }

    /// <summary>What io.BytesIO(body).readlines() returns.</summary>
    private static string[] SplitLines(byte[] body)
    {
        var parts = Encoding.Latin1.GetString(body).Split('\n');
        var lines = parts[..^1].Select(part => part + "\n").ToList();
        if (parts[^1].Length > 0)
        {
            lines.Add(parts[^1]);
        }
        return [.. lines];
    }

    [Theory]
    [InlineData(1024 * 1024)]
    [InlineData(Spooled)]
    public void Read_NoSize_ReturnsTheWholeBody(int memoryLimit)
    {
        Assert.Equal([Encoding.Latin1.GetString(Lines)], Read("/read", Lines, memoryLimit));
        Assert.Equal([Encoding.Latin1.GetString(Lines)], Read("/read-none", Lines, memoryLimit));
    }

    [Theory]
    [InlineData(1024 * 1024, 1)]
    [InlineData(1024 * 1024, 7)]
    [InlineData(Spooled, 5)]
    [InlineData(Spooled, 1000)]
    public void Read_Sized_ReturnsChunksOfAtMostSize(int memoryLimit, int size)
    {
        var text = Encoding.Latin1.GetString(Lines);
        var expected = Enumerable.Range(0, (text.Length + size - 1) / size).Select(i => text.Substring(i * size, Math.Min(size, text.Length - (i * size)))).ToArray();

        Assert.Equal(expected, Read("/read-sized", Lines, memoryLimit, size));
    }

    [Theory]
    [InlineData(1024 * 1024)]
    [InlineData(Spooled)]
    public void ReadLine_UntilEmpty_ReturnsEachLineWithItsNewline(int memoryLimit)
    {
        Assert.Equal(SplitLines(Lines), Read("/readline", Lines, memoryLimit));
        Assert.Equal(SplitLines(Lines), Read("/iterate", Lines, memoryLimit));
        Assert.Equal(SplitLines(Lines), Read("/readlines", Lines, memoryLimit));
    }

    [Theory]
    [InlineData(1024 * 1024)]
    [InlineData(Spooled)]
    public void ReadLine_Sized_SplitsLongLines(int memoryLimit)
    {
        Assert.Equal(["first", " line", "\n", "secon", "d\n", "\n", "fourt", "h \u00e9\n", "no ne", "wline", " at e", "nd"], Read("/readline-sized", Lines, memoryLimit, 5));
    }

    [Fact]
    public void ReadLines_Hint_StopsOnceTheTotalReachesIt()
    {
        Assert.Equal(["first line\n", "second\n"], Read("/readlines-hint", Lines, 1024, 12));
    }

    [Fact]
    public void ReadLine_SpooledLineLongerThanTheFileWindow_ComesBackWhole()
    {
        var longLine = new string('a', 150_000) + "\n";
        var body = Encoding.Latin1.GetBytes(longLine + "short\n" + new string('b', 70_000));

        Assert.Equal([longLine, "short\n", new string('b', 70_000)], Read("/readline", body, Spooled));
    }

    [Fact]
    public void Read_LargeSpooledBody_ReturnsEveryByte()
    {
        var body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(body);

        var read = Read("/read", body, 64 * 1024);

        Assert.Equal(body, Encoding.Latin1.GetBytes(read[0]));
    }

    [Fact]
    public void Read_AfterTheEnd_ReturnsEmptyBytes()
    {
        Assert.Equal(["", "", ""], Read("/read-after-end", Lines, 1024));
    }

    [Fact]
    public void Read_EmptyBody_ReturnsEmptyBytes()
    {
        Assert.Equal([""], Read("/read", [], 1024));
        Assert.Empty(Read("/readline", [], 1024));
    }

    [Fact]
    public void Read_InputKeptPastItsRequest_RaisesRuntimeError()
    {
        using var keep = Requests.Create(path: "/keep");
        using var later = Requests.Create(path: "/later");

        var body = python.Run(() =>
        {
            var thread = python.Application("input_app.py", "keep_input");
            thread.Call(keep);
            return thread.Call(later).Sink.BodyText;
        });

        Assert.StartsWith("this WSGI request is over", body);
    }
}
