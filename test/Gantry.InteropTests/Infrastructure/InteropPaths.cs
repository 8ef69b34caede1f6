namespace Gantry.InteropTests.Infrastructure;

/// <summary>Where the repository, the binary under test and the test applications are.</summary>
internal static class InteropPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Gantry.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no folder above {AppContext.BaseDirectory} holds Gantry.slnx");
    });

    /// <summary>The repository root.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>$GANTRY_BINARY (test.sh sets it), else &lt;repo&gt;/out/gantry.</summary>
    public static string Binary =>
        Environment.GetEnvironmentVariable("GANTRY_BINARY") is { Length: > 0 } binary ? binary : Path.Combine(Root, "out", "gantry");

    /// <summary>The WSGI application every interop test serves.</summary>
    public static string App => Path.Combine(AppContext.BaseDirectory, "Apps", "interop_app.py");
}
