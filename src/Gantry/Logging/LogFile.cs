using Gantry.Posix.Native;

namespace Gantry.Logging;

/// <summary>
/// The file that <c>logto</c>, <c>logto2</c> and <c>daemonize</c> name. As uWSGI's logto() (core/logging.c): opened
/// for append, created with mode 0640 (before the umask), then made the process's stdout and stderr with dup2, so
/// every writer of fds 1 and 2 — gantry's log, the request log, Python's print() and tracebacks, and the workers
/// and subprocesses that inherit them — appends to it. O_APPEND keeps lines of concurrent processes whole.
/// </summary>
internal static class LogFile
{
    /// <summary>rw-r----- (S_IRUSR | S_IWUSR | S_IRGRP), uWSGI's mode for the log file.</summary>
    private const int Mode = 0x1A0;

    /// <summary>Opens <paramref name="path"/> for append (close-on-exec); the descriptor, or -1 with the reason.</summary>
    public static int Open(string path, out string reason)
    {
        reason = string.Empty;
        if (IsUdpAddress(path))
        {
            reason = "UDP log targets (host:port) are not supported; give a file path";
            return -1;
        }
        int fd;
        do
        {
            fd = LibC.open(path, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND | LibC.O_CLOEXEC, Mode);
        }
        while (fd < 0 && LibC.Errno == LibC.EINTR);
        if (fd < 0)
        {
            reason = Lowercase(LibC.ErrorText(LibC.Errno));
        }
        return fd;
    }

    /// <summary>
    /// Opens <paramref name="path"/> and makes it stdout and stderr. False with the reason when it cannot be opened;
    /// the current streams are then left as they were.
    /// </summary>
    public static bool RedirectStandardStreams(string path, out string reason) =>
        Redirect(path, [LibC.STDOUT_FILENO, LibC.STDERR_FILENO], out reason);

    /// <summary>
    /// Opens <paramref name="path"/> and puts it behind each of <paramref name="descriptors"/> (dup2); false with the
    /// reason when it cannot be opened, the descriptors then left as they were.
    /// </summary>
    public static bool Redirect(string path, ReadOnlySpan<int> descriptors, out string reason)
    {
        var fd = Open(path, out reason);
        if (fd < 0)
        {
            return false;
        }
        // dup2 clears close-on-exec on the copies: workers and Python subprocesses inherit them.
        var ok = true;
        foreach (var target in descriptors)
        {
            ok &= LibC.dup2(fd, target) >= 0;
        }
        if (!ok)
        {
            reason = Lowercase(LibC.ErrorText(LibC.Errno));
        }
        LibC.close(fd);
        return ok;
    }

    /// <summary>uWSGI reads a value with a colon as a UDP address; Gantry refuses it rather than create a file so named.</summary>
    private static bool IsUdpAddress(string path) => path.Contains(':', StringComparison.Ordinal) && !path.Contains('/', StringComparison.Ordinal);

    private static string Lowercase(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
