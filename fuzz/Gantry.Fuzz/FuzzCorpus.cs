namespace Gantry.Fuzz;

/// <summary>
/// Where a target's inputs live in the repository: fuzz/corpus/TARGET/ (seeds, committed) and fuzz/crashes/TARGET/
/// (every crash or hang a campaign found, kept after the fix). The regression tests replay both through
/// <see cref="FuzzTarget.Run"/>.
/// </summary>
public static class FuzzCorpus
{
    /// <summary>The repository root: the first directory above <paramref name="start"/> that holds Gantry.slnx.</summary>
    public static string FindRepository(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gantry.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no Gantry.slnx above {start}: run from inside the repository");
    }

    /// <summary>The seed corpus folder of a target.</summary>
    public static string CorpusDirectory(string repository, string target) => Path.Combine(repository, "fuzz", "corpus", target);

    /// <summary>The folder of a target's kept crashes.</summary>
    public static string CrashesDirectory(string repository, string target) => Path.Combine(repository, "fuzz", "crashes", target);

    /// <summary>Every input file of a target (seeds, then crashes), sorted, README files left out.</summary>
    public static IEnumerable<string> Inputs(string repository, string target) =>
        new[] { CorpusDirectory(repository, target), CrashesDirectory(repository, target) }
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            .Where(file => !file.EndsWith(".md", StringComparison.Ordinal));

    /// <summary>
    /// The replay cases of the targets <paramref name="owns"/> picks: each target with each of its input files, the
    /// file given relative to fuzz/ (so a test's name reads <c>corpus/http-head/001-simple-get</c>).
    /// </summary>
    public static IEnumerable<(string Target, string File)> Cases(string repository, Func<string, bool> owns) =>
        from target in FuzzTargets.All
        where owns(target.Name)
        from file in Inputs(repository, target.Name)
        select (target.Name, Path.GetRelativePath(Path.Combine(repository, "fuzz"), file));

    /// <summary>The same cases as rows of a test theory: { target, file }.</summary>
    public static IEnumerable<object[]> Rows(string repository, Func<string, bool> owns) =>
        Cases(repository, owns).Select(c => new object[] { c.Target, c.File });

    /// <summary>Runs one kept input (a path relative to fuzz/) through its target; the exception it ended with, or null.</summary>
    public static Exception? Replay(string repository, string target, string file)
    {
        var found = FuzzTargets.Find(target) ?? throw new ArgumentException($"no fuzz target '{target}'", nameof(target));
        var bytes = File.ReadAllBytes(Path.Combine(repository, "fuzz", file));
        try
        {
            found.Run(bytes);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
