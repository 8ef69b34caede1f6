namespace Gantry.FunctionalTests.Cgi;

/// <summary>The lines <see cref="CgiScripts.EnvironmentDump"/> prints, by name: a value, or null for "NAME unset".</summary>
internal static class CgiEnvironmentDump
{
    public static Dictionary<string, string?> Parse(string body)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                variables[line[..equals]] = line[(equals + 1)..];
            }
            else if (line.EndsWith(" unset", StringComparison.Ordinal))
            {
                variables[line[..^" unset".Length]] = null;
            }
        }
        return variables;
    }
}
