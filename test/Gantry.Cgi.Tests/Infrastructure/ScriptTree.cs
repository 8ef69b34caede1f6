using System.Net.Sockets;
using System.Text;
using Gantry.Posix.Files;
using Gantry.Posix.Native;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>
/// A real temporary directory of scripts, directories, symlinks, FIFOs and sockets, made with the real calls (no fake
/// file system), removed at disposal. Paths are given relative to <see cref="Root"/>, which is already a real path
/// (the temporary directory may itself sit behind a symlink), so expected values compare with what realpath returns.
/// </summary>
internal sealed class ScriptTree : IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode NotExecutable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly List<Socket> _sockets = [];

    public ScriptTree()
    {
        var created = System.IO.Directory.CreateTempSubdirectory("gantry-cgi-tests-").FullName;
        Root = FileSystemCalls.RealPath(created) ?? throw new InvalidOperationException($"realpath({created}) failed");
    }

    /// <summary>The tree's real absolute path.</summary>
    public string Root { get; }

    /// <summary>The absolute path of <paramref name="relative"/>.</summary>
    public string this[string relative] => relative.Length == 0 ? Root : Path.Combine(Root, relative);

    /// <summary>Creates a directory (and its parents); its absolute path.</summary>
    public string Directory(string relative) => System.IO.Directory.CreateDirectory(this[relative]).FullName;

    /// <summary>Writes an executable script (mode 0755); its absolute path.</summary>
    public string Script(string relative, string text = "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nok'\n") =>
        File(relative, text, Executable);

    /// <summary>Writes a file without any execute bit (mode 0644); its absolute path.</summary>
    public string PlainFile(string relative, string text = "plain\n") => File(relative, text, NotExecutable);

    /// <summary>Creates a symlink at <paramref name="relative"/> holding <paramref name="target"/> as written (relative or absolute).</summary>
    public string Symlink(string relative, string target)
    {
        var path = this[relative];
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>Points an existing symlink elsewhere, as a deploy swaps a <c>current</c> link.</summary>
    public void Repoint(string relative, string target)
    {
        var path = this[relative];
        System.IO.File.Delete(path);
        System.IO.File.CreateSymbolicLink(path, target);
    }

    /// <summary>Makes a FIFO with mode 0755 (executable bits and all: it must still never run).</summary>
    public string Fifo(string relative)
    {
        var path = this[relative];
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Assert.True(LibC.mkfifo(path, 0b111_101_101) == 0, $"mkfifo({path}) failed: errno {LibC.Errno}");
        return path;
    }

    /// <summary>
    /// Binds a unix socket at <paramref name="relative"/>, mode 0755. It stays open until the tree is disposed: .NET
    /// unlinks the file of a socket it bound when the socket closes.
    /// </summary>
    public string UnixSocket(string relative)
    {
        var path = this[relative];
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _sockets.Add(socket);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        System.IO.File.SetUnixFileMode(path, Executable);
        return path;
    }

    public void Dispose()
    {
        _sockets.ForEach(socket => socket.Dispose());
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A script still running in it (a failed test) must not hide that test's own failure.
        }
    }

    private string File(string relative, string text, UnixFileMode mode)
    {
        var path = this[relative];
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        System.IO.File.SetUnixFileMode(path, mode);
        return path;
    }
}
