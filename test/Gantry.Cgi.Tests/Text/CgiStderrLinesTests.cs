using System.Text;
using Gantry.Cgi.Tests.Infrastructure;

namespace Gantry.Cgi.Tests.Text;

/// <summary>A script's stderr cut into log lines, each naming the script, whatever the pipe's reads cut it into.</summary>
public sealed class CgiStderrLinesTests
{
    private const string ScriptName = "/srv/cgi/run.cgi";
    private const int StderrEvent = 1200;

    private readonly RecordingLogger _logger = new();

    private string[] Logged()
    {
        var entries = _logger.WithEvent(StderrEvent);
        Assert.All(entries, entry => Assert.Equal(ScriptName, entry["Script"]));
        return entries.Select(entry => entry["Line"]!).ToArray();
    }

    /// <summary>Feeds <paramref name="text"/> whole (0) or in pieces of <paramref name="chunk"/> bytes.</summary>
    private void Feed(CgiStderrLines lines, string text, int chunk)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (chunk == 0)
        {
            lines.Append(bytes);
            return;
        }
        for (var at = 0; at < bytes.Length; at += chunk)
        {
            lines.Append(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Append_LinesWithLfAndCrLf_OneEntryEachWithoutLineEnd(int chunk)
    {
        var lines = new CgiStderrLines(ScriptName, _logger);

        Feed(lines, "first\nsecond\r\nthird line, with spaces\r\n", chunk);

        Assert.Equal(["first", "second", "third line, with spaces"], Logged());
    }

    [Fact]
    public void Append_EmptyLines_NotLogged()
    {
        var lines = new CgiStderrLines(ScriptName, _logger);

        lines.Append("\n\r\n\nafter\n"u8);

        Assert.Equal(["after"], Logged());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(4095)]
    public void Append_LineLongerThanMax_LoggedInPiecesOfMax(int chunk)
    {
        var lines = new CgiStderrLines(ScriptName, _logger);
        var longLine = new string('a', CgiStderrLines.MaxLineLength) + new string('b', CgiStderrLines.MaxLineLength) + "cc";

        Feed(lines, longLine + "\nnext\n", chunk);

        Assert.Equal(
            [new string('a', CgiStderrLines.MaxLineLength), new string('b', CgiStderrLines.MaxLineLength), "cc", "next"],
            Logged());
    }

    [Fact]
    public void Append_LineOfExactlyMaxWithCrLf_OneEntry()
    {
        var lines = new CgiStderrLines(ScriptName, _logger);
        var line = new string('x', CgiStderrLines.MaxLineLength);

        Feed(lines, line + "\r\nnext\n", 0);

        Assert.Equal([line, "next"], Logged());
    }

    [Fact]
    public void Flush_LastLineWithoutNewline_Logged()
    {
        var lines = new CgiStderrLines(ScriptName, _logger);

        lines.Append("done\nno newline at the end"u8);
        Assert.Equal(["done"], Logged());

        lines.Flush();

        Assert.Equal(["done", "no newline at the end"], Logged());
    }

    [Fact]
    public void Flush_NothingHeld_NothingLogged()
    {
        var lines = new CgiStderrLines(ScriptName, _logger);

        lines.Append("whole\n"u8);
        lines.Flush();
        lines.Flush();

        Assert.Equal(["whole"], Logged());
    }
}
