using System.Runtime.InteropServices;

namespace Gantry.Python.Native;

/// <summary>
/// The libc calls the Python host needs: the dynamic loader (libpython must be opened with RTLD_GLOBAL so
/// C extension modules resolve Py* symbols from it, which NativeLibrary.Load does not do) and _exit for a
/// finalization that never returns.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    /// <summary>dlopen(3): resolve every symbol now, so a broken library fails at start, not mid-request.</summary>
    public const int RTLD_NOW = 0x2;

    /// <summary>dlopen(3): make the library's symbols visible to libraries loaded later (extension modules).</summary>
    public const int RTLD_GLOBAL = 0x100;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlopen(string path, int flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlsym(nint handle, string symbol);

    [LibraryImport(Library)]
    public static partial nint dlerror();

    [LibraryImport(Library)]
    public static partial void _exit(int status);

    /// <summary>The loader's last error message, or a placeholder when it has none.</summary>
    public static string LastLoaderError()
    {
        var message = dlerror();
        return message == 0 ? "unknown dlopen error" : Marshal.PtrToStringUTF8(message) ?? "unknown dlopen error";
    }
}
