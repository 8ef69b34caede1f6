namespace Gantry.Configuration.Tests.Support;

/// <summary>A fresh directory under /tmp holding the config files of one test; deleted on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("gantry-config-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> to a file relative to the directory and returns its full path.</summary>
    public string Write(string relativePath, string text)
    {
        string full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
