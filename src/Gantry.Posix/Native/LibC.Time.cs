using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>Local time as the C library formats it (log-date's strftime formats are the C library's).</summary>
public static unsafe partial class LibC
{
    /// <summary>Bytes enough for glibc's struct tm (56 on x86-64 and arm64).</summary>
    public const int TmSize = 64;

    /// <summary>localtime_r(3): <paramref name="time"/> (seconds since the epoch) broken down in the local zone into <paramref name="tm"/>.</summary>
    [LibraryImport(Library)]
    public static partial nint localtime_r(long* time, byte* tm);

    /// <summary>strftime(3): the number of bytes written, 0 when the result did not fit.</summary>
    [LibraryImport(Library)]
    public static partial nuint strftime(byte* buffer, nuint size, byte* format, byte* tm);
}
