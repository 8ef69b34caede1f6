using System.Runtime.CompilerServices;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>Where the repository, its examples and the binary under test are, and per-test temporary folders.</summary>
public static class RepoPaths
{
    private const string SolutionFile = "Gantry.slnx";
    private const string BinaryVariable = "GANTRY_BINARY";
    private const string KeepTemporaryVariable = "GANTRY_KEEP_TEMP";

    // Unix socket paths are limited to 107 bytes (sun_path in unix(7)): keep folder names short.
    private const int MaxNameLength = 24;

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root: the nearest folder above the test assembly that holds Gantry.slnx.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The examples folder (start.py, flaskapp/, djangoapp/, wsgi.ini).</summary>
    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>The gantry binary under test: $GANTRY_BINARY when set (test.sh sets it), else &lt;repo&gt;/out/gantry.</summary>
    public static string Binary =>
        Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } binary ? binary : Path.Combine(Root, "out", "gantry");

    /// <summary>
    /// Creates an empty folder /tmp/gantry-&lt;name&gt;-&lt;random&gt; with mode 0755, so that nginx's www-data workers
    /// can reach sockets and files in it. Deleted on dispose unless GANTRY_KEEP_TEMP=1.
    /// </summary>
    /// <param name="name">A hint in the folder name; the calling test method's name by default.</param>
    public static TemporaryDirectory CreateTemporaryDirectory([CallerMemberName] string name = "")
    {
        var hint = new string(name.Where(char.IsAsciiLetterOrDigit).Take(MaxNameLength).ToArray());
        var keep = Environment.GetEnvironmentVariable(KeepTemporaryVariable) == "1";
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        while (true)
        {
            var path = $"/tmp/gantry-{hint}-{Guid.NewGuid().ToString("N")[..8]}";
            if (Directory.Exists(path) || File.Exists(path))
            {
                continue;
            }

            Directory.CreateDirectory(path, mode);

            // The umask may have removed bits from the mode given at creation.
            File.SetUnixFileMode(path, mode);
            return new TemporaryDirectory(path, keep);
        }
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
                {
                    return folder.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException($"no folder above {AppContext.BaseDirectory} holds {SolutionFile}");
    }
}
