namespace Gantry.Configuration.Tests;

public sealed class HelpTextTests
{
    [Fact]
    public void Render_StartsWithUsageAndGroupsByTopic()
    {
        string help = HelpText.Render();

        Assert.StartsWith("Usage: gantry [options...] [file.ini[:section]]\n", help, StringComparison.Ordinal);
        Assert.Contains("\nSockets:\n", help, StringComparison.Ordinal);
        Assert.Contains("\nPython application:\n", help, StringComparison.Ordinal);
        Assert.EndsWith("\n", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OneLinePerOption_WithShortFlagAliasesAndMarkers()
    {
        string[] lines = HelpText.Render().Split('\n');

        Assert.Contains(lines, line => line.StartsWith("    -s|--socket <address>", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("    -p|--processes|--workers <number>", StringComparison.Ordinal) && line.EndsWith("(default: 1)", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("    --stats|--stats-server <address>", StringComparison.Ordinal) && !line.Contains('['));
        Assert.Contains(lines, line => line.StartsWith("    --thunder-lock ", StringComparison.Ordinal) && line.EndsWith("[ignored]", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("    --emperor-on-demand-exec <text>", StringComparison.Ordinal) && line.EndsWith("[rejected]", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("    -C|--chmod-socket|--chmod [octal mode]", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("    -b|--buffer-size <bytes>", StringComparison.Ordinal) && line.EndsWith("(default: 65535)", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_EveryRegistryOption_AppearsOnce()
    {
        string help = HelpText.Render();

        foreach (var row in Gantry.Configuration.Registry.OptionRegistry.All)
        {
            Assert.Contains("--" + row.Name + " ", help.Replace("|", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}
