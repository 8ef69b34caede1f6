namespace Gantry.Configuration.Tests;

public sealed class DocsTests
{
    private const string UpdateVariable = "GANTRY_UPDATE_DOCS";

    [Fact]
    public void ConfigurationMarkdown_MatchesRegistry()
    {
        string path = Path.Combine(RepositoryRoot(), "docs", "configuration.md");
        string expected = ConfigurationDocs.Render();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, expected);
        }

        string actual = File.Exists(path) ? File.ReadAllText(path) : string.Empty;

        Assert.True(expected == actual,
            $"docs/configuration.md is stale; regenerate it with {UpdateVariable}=1 dotnet test test/Gantry.Configuration.Tests");
    }

    [Fact]
    public void Render_ListsEveryTopicAndSupportLevel()
    {
        string docs = ConfigurationDocs.Render();

        Assert.Contains("## Sockets", docs, StringComparison.Ordinal);
        Assert.Contains("## Python application", docs, StringComparison.Ordinal);
        Assert.Contains("| `socket` | `-s` | address, repeatable |", docs, StringComparison.Ordinal);
        Assert.Contains("| `buffer-size` | `-b` | bytes | `65535` | supported |", docs, StringComparison.Ordinal);
        Assert.Contains("ignored: Gantry embeds Python; plugins are built in", docs, StringComparison.Ordinal);
        Assert.Contains("rejected: this emperor feature is not implemented", docs, StringComparison.Ordinal);
        Assert.Contains("supported (Gantry only)", docs, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gantry.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Gantry.slnx not found above " + AppContext.BaseDirectory);
    }
}
