using Gantry.Configuration.Sources;

namespace Gantry.Configuration.Tests.Sources;

public sealed class IniParserTests
{
    [Fact]
    public void Parse_Section_ReturnsItsLinesWithNumbers()
    {
        var (lines, found) = IniParser.Parse("[other]\na = 1\n[uwsgi]\nb = 2\n\nc=3\n", "uwsgi");

        Assert.True(found);
        Assert.Equal([new IniLine(4, "b", "2"), new IniLine(6, "c", "3")], lines);
    }

    [Fact]
    public void Parse_ValueWithEquals_SplitsAtFirstEquals()
    {
        var (lines, _) = IniParser.Parse("[uwsgi]\nenv = A=B=C\n", "uwsgi");

        Assert.Equal("A=B=C", Assert.Single(lines).Value);
    }

    [Fact]
    public void Parse_BareKey_HasEmptyValue()
    {
        var (lines, _) = IniParser.Parse("[uwsgi]\n  master  \n", "uwsgi");

        Assert.Equal(new IniLine(2, "master", string.Empty), Assert.Single(lines));
    }

    [Fact]
    public void Parse_CommentsOnlyAtLineStart_InlineTextKept()
    {
        var (lines, _) = IniParser.Parse("[uwsgi]\n; x = 1\n  # y = 2\nz = 3 ; not a comment\n", "uwsgi");

        Assert.Equal(new IniLine(4, "z", "3 ; not a comment"), Assert.Single(lines));
    }

    [Fact]
    public void Parse_CrLfAndTabs_AreTrimmed()
    {
        var (lines, _) = IniParser.Parse("[uwsgi]\r\n\tkey\t=\tvalue \r\n", "uwsgi");

        Assert.Equal(new IniLine(2, "key", "value"), Assert.Single(lines));
    }

    [Fact]
    public void Parse_MissingSection_ReportsNotFound()
    {
        var (lines, found) = IniParser.Parse("[app]\na = 1\n", "uwsgi");

        Assert.False(found);
        Assert.Empty(lines);
    }

    [Fact]
    public void Parse_LinesBeforeAnySection_AreNotInUwsgiSection()
    {
        var (lines, _) = IniParser.Parse("a = 1\n[uwsgi]\nb = 2\n", "uwsgi");

        Assert.Equal("b", Assert.Single(lines).Key);
    }
}
