namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// A fresh /tmp/gantry-interop-XXXXXXXX folder with mode 0755 (as mktemp -d, then chmod): nginx's workers, which do
/// not run as root, must reach the unix sockets in it. Deleted on dispose unless GANTRY_KEEP_TEMP=1.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public ScratchDirectory()
    {
        while (true)
        {
            // Short names: a unix socket path must fit in 107 bytes (unix(7)).
            var path = System.IO.Path.Combine("/tmp", $"gantry-interop-{Guid.NewGuid().ToString("N")[..8]}");
            if (!System.IO.Path.Exists(path))
            {
                Directory.CreateDirectory(path, Mode);
                File.SetUnixFileMode(path, Mode);
                Path = path;
                return;
            }
        }
    }

    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("GANTRY_KEEP_TEMP") == "1")
        {
            return;
        }
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
