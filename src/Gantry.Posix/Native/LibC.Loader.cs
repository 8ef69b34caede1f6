using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>
/// The dynamic loader (dlfcn.h). NativeLibrary.Load cannot pass RTLD_GLOBAL, which an embedded interpreter needs so
/// that the extension modules it loads later resolve its symbols.
/// </summary>
public static unsafe partial class LibC
{
    /// <summary>dlopen(3): resolve every symbol now, so a broken library fails at start, not mid-request.</summary>
    public const int RTLD_NOW = 0x2;

    /// <summary>dlopen(3): make the library's symbols visible to libraries loaded later.</summary>
    public const int RTLD_GLOBAL = 0x100;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlopen(string? path, int flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlsym(nint handle, string symbol);

    [LibraryImport(Library)]
    public static partial nint dlerror();

    /// <summary>The loader's last error message, or a placeholder when it has none.</summary>
    public static string LastLoaderError()
    {
        var message = dlerror();
        return message == 0 ? "unknown dlopen error" : Marshal.PtrToStringUTF8(message) ?? "unknown dlopen error";
    }
}
