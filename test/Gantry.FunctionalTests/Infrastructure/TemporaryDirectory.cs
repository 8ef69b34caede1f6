namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>A folder a test owns under /tmp (see <see cref="RepoPaths.CreateTemporaryDirectory"/>); deleted on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    private readonly bool _keep;

    internal TemporaryDirectory(string path, bool keep)
    {
        Path = path;
        _keep = keep;
    }

    /// <summary>The folder's absolute path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a text file inside the folder and returns its path.</summary>
    public string WriteFile(string relativePath, string contents)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
        return path;
    }

    /// <summary>Deletes the folder and everything in it, unless GANTRY_KEEP_TEMP=1 asked to keep it.</summary>
    public void Dispose()
    {
        if (_keep)
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    /// <summary>The folder's path.</summary>
    public override string ToString() => Path;
}
