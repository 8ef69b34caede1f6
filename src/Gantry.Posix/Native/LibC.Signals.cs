using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>
/// Signal sets, masks and dispositions. Signal numbers themselves are in <see cref="Processes.SignalNumbers"/>.
/// sigemptyset/sigfillset/sigaddset set errno; pthread_sigmask returns an error number.
/// </summary>
public static unsafe partial class LibC
{
    /// <summary>pthread_sigmask(3) operations.</summary>
    public const int SIG_BLOCK = 0;
    public const int SIG_UNBLOCK = 1;

    /// <summary>The "ignore" disposition in a struct sigaction's handler field.</summary>
    public const nint SIG_IGN = 1;

    /// <summary>A generous size for glibc's sigset_t (128 bytes on x86-64).</summary>
    public const int SignalSetSize = 128;

    /// <summary>glibc's struct sigaction on x86-64/arm64: handler, 128-byte mask, flags, restorer.</summary>
    public const int SigactionSize = 152;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int sigemptyset(void* signals);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int sigfillset(void* signals);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int sigaddset(void* signals, int signal);

    /// <summary>pthread_sigmask(3): the calling thread's mask; returns an error number.</summary>
    [LibraryImport(Library)]
    public static partial int pthread_sigmask(int how, void* set, void* oldSet);

    /// <summary>sigaction(2) with glibc's struct (<see cref="SigactionSize"/> bytes; the handler is its first field).</summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial int sigaction(int signal, byte* action, byte* oldAction);
}
