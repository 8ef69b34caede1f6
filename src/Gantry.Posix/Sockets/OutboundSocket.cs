using Gantry.Posix.Native;

namespace Gantry.Posix.Sockets;

/// <summary>
/// A non-blocking connect(2) for a client in an event loop (php-fpm): <see cref="Start"/> creates the socket and
/// begins connecting without waiting; when the loop reports it writable, <see cref="TakeError"/> says how it ended
/// (connect(2): "EINPROGRESS … select for writing … then getsockopt SO_ERROR"). The caller owns the descriptor.
/// </summary>
public static unsafe class OutboundSocket
{
    /// <summary>
    /// Creates a non-blocking, close-on-exec stream socket and starts connecting it to <paramref name="address"/>.
    /// Returns the descriptor with <paramref name="errno"/> 0 (connected at once, as a unix socket usually is) or
    /// EINPROGRESS (wait until writable); or -1 with the errno of the failure (ECONNREFUSED, ENOENT, EAGAIN for a
    /// unix socket whose listen queue is full), the socket already closed.
    /// </summary>
    public static int Start(SocketAddressBytes address, out int errno)
    {
        ArgumentNullException.ThrowIfNull(address);
        var fd = LibC.socket(address.Family, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            errno = LibC.Errno;
            return -1;
        }
        int result;
        do
        {
            fixed (byte* sockaddr = address.Bytes)
            {
                result = LibC.connect(fd, sockaddr, address.Bytes.Length);
            }
            errno = result == 0 ? 0 : LibC.Errno;
        }
        while (errno == LibC.EINTR);
        if (errno is 0 or LibC.EINPROGRESS)
        {
            if (address.Family != LibC.AF_UNIX)
            {
                // Requests are written whole and answered at once: Nagle would hold the last small record back.
                var on = 1;
                _ = LibC.setsockopt(fd, LibC.IPPROTO_TCP, LibC.TCP_NODELAY, &on, sizeof(int));
            }
            return fd;
        }
        LibC.close(fd);
        return -1;
    }

    /// <summary>The outcome of a connect that was in progress: 0 when connected, else its errno (SO_ERROR).</summary>
    public static int TakeError(int fd)
    {
        int error = 0, length = sizeof(int);
        return LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ERROR, &error, &length) == 0 ? error : LibC.Errno;
    }

    /// <summary>
    /// Whether an idle kept-alive connection still looks usable: nothing to read and no end of stream or error
    /// (recv with MSG_PEEK | MSG_DONTWAIT fails with EAGAIN). A peer that closed it (a php-fpm child that ended) reads 0.
    /// </summary>
    public static bool IsIdleAndOpen(int fd)
    {
        byte probe;
        var read = LibC.recv(fd, &probe, 1, LibC.MSG_PEEK | LibC.MSG_DONTWAIT);
        return read < 0 && LibC.Errno == LibC.EAGAIN;
    }
}
