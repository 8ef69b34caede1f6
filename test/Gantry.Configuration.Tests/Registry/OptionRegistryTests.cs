using Gantry.Configuration.Registry;

namespace Gantry.Configuration.Tests.Registry;

public sealed class OptionRegistryTests
{
    [Fact]
    public void All_LongNamesAndAliases_AreUnique()
    {
        var duplicates = OptionRegistry.All.SelectMany(row => row.LongNames)
            .GroupBy(name => name, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => group.Key)
            .ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void All_ShortFlags_AreUnique()
    {
        var duplicates = OptionRegistry.All.Where(row => row.ShortFlag != '\0')
            .GroupBy(row => row.ShortFlag)
            .Where(group => group.Count() > 1)
            .Select(group => $"-{group.Key}: {string.Join(", ", group.Select(row => row.Name))}")
            .ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void All_Rows_HaveHelpAndWellFormedNames()
    {
        foreach (var row in OptionRegistry.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(row.Help), row.Name);
            Assert.DoesNotContain(' ', row.Name);
            Assert.All(row.LongNames, name => Assert.Matches("^[a-z0-9][a-z0-9_-]*$", name));
        }
    }

    [Fact]
    public void All_IgnoredAndRejectedRows_HaveReasonAndNoBinding()
    {
        foreach (var row in OptionRegistry.All.Where(row => row.Support != SupportLevel.Supported))
        {
            Assert.False(string.IsNullOrWhiteSpace(row.Reason), row.Name);
            Assert.Null(row.Bind);
            Assert.Null(row.PendingIssue);
        }
    }

    [Fact]
    public void All_SupportedRows_HaveBinding()
    {
        Assert.All(OptionRegistry.All.Where(row => row.Support == SupportLevel.Supported), row => Assert.NotNull(row.Bind));
    }

    [Fact]
    public void All_CoverSeveralHundredUwsgiOptions()
    {
        int names = OptionRegistry.All.Sum(row => 1 + row.Aliases.Count);

        Assert.True(OptionRegistry.All.Count >= 500, $"{OptionRegistry.All.Count} rows");
        Assert.True(names >= 800, $"{names} names");
    }

    [Theory]
    [InlineData('s', "socket")]
    [InlineData('p', "processes")]
    [InlineData('M', "master")]
    [InlineData('w', "module")]
    [InlineData('H', "home")]
    [InlineData('b', "buffer-size")]
    [InlineData('t', "harakiri")]
    [InlineData('L', "disable-logging")]
    [InlineData('T', "enable-threads")]
    [InlineData('R', "max-requests")]
    [InlineData('d', "daemonize")]
    [InlineData('z', "socket-timeout")]
    [InlineData('i', "single-interpreter")]
    [InlineData('l', "listen")]
    [InlineData('C', "chmod-socket")]
    [InlineData('h', "help")]
    public void FindShort_UwsgiShortFlags_NameTheirOption(char flag, string name)
    {
        Assert.Equal(name, OptionRegistry.FindShort(flag)?.Name);
    }

    [Theory]
    [InlineData("workers", "processes")]
    [InlineData("uwsgi-socket", "uwsgi-socket")]
    [InlineData("wsgi", "module")]
    [InlineData("file", "wsgi-file")]
    [InlineData("pp", "pythonpath")]
    [InlineData("virtualenv", "home")]
    [InlineData("venv", "home")]
    [InlineData("pyhome", "home")]
    [InlineData("plugins", "plugin")]
    [InlineData("stats-server", "stats")]
    public void Find_Alias_ReturnsCanonicalRow(string alias, string name)
    {
        Assert.Equal(name, OptionRegistry.Find(alias)?.Name);
    }

    [Theory]
    [InlineData("proccesses", "processes")]
    [InlineData("wsgi-fil", "wsgi-file")]
    [InlineData("chmod-sock", "chmod-socket")]
    [InlineData("http-sockets", "http-socket")]
    [InlineData("enable-thread", "enable-threads")]
    public void Suggest_Misspelling_ReturnsNearestName(string typo, string expected)
    {
        Assert.Equal(expected, OptionRegistry.Suggest(typo));
    }

    [Fact]
    public void Suggest_NothingClose_ReturnsNull()
    {
        Assert.Null(OptionRegistry.Suggest("completely-unrelated-thing-xyz"));
    }

    [Fact]
    public void Find_PythonLibrary_IsMarkedGantryOnly()
    {
        Assert.True(OptionRegistry.Find("python-library")!.IsGantryOnly);
    }
}
