using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>
/// Gantry's one binding of the C library (Linux glibc, x86-64/arm64), with source-generated P/Invoke so it stays
/// AOT-clean: each function is declared once, here, and each constant named once, in the partial file of its area
/// (<c>LibC.Files.cs</c>, <c>LibC.Sockets.cs</c>, <c>LibC.Epoll.cs</c>, <c>LibC.Processes.cs</c>, …). Only what
/// Gantry calls; no general-purpose binding (Tmds.LibC, the one package, dates from 2020). Names are the C names,
/// so a call reads as its man page.
/// </summary>
public static unsafe partial class LibC
{
    private const string Library = "libc";

    /// <summary>errno(3) values Gantry tests for (asm-generic/errno-base.h).</summary>
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EEXIST = 17;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int EPIPE = 32;
    public const int ECONNRESET = 104;
    public const int ENOBUFS = 105;
    public const int ETIMEDOUT = 110;
    public const int EINPROGRESS = 115;

    /// <summary>errno of the last call declared with SetLastError, on this thread.</summary>
    public static int Errno => Marshal.GetLastPInvokeError();

    [LibraryImport(Library)]
    public static partial nint strerror(int errnum);

    /// <summary>The C library's text for an errno value ("No such file or directory").</summary>
    public static string ErrorText(int errnum) => Marshal.PtrToStringUTF8(strerror(errnum)) ?? $"errno {errnum}";
}
