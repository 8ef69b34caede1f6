using System.Runtime.InteropServices;

namespace Gantry.Server.Native;

/// <summary>
/// The few libc calls the event loop needs, bound with source-generated P/Invoke (AOT-clean). Kept to
/// what the loop uses; no general-purpose binding (Tmds.LibC, the one package, dates from 2020).
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;
    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLEXCLUSIVE = 1u << 28;
    public const uint EPOLLET = 1u << 31;

    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int MSG_NOSIGNAL = 0x4000;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SO_REUSEADDR = 2;
    public const int SO_LINGER = 13;
    public const int IPPROTO_TCP = 6;
    public const int TCP_NODELAY = 1;
    public const int TCP_DEFER_ACCEPT = 9;
    public const short POLLOUT = 0x004;
    public const short POLLERR = 0x008;
    public const short POLLHUP = 0x010;

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EPIPE = 32;
    public const int ECONNRESET = 104;
    public const int EMFILE = 24;
    public const int ENFILE = 23;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* @event);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_wait(int epfd, EpollEvent* events, int maxevents, int timeout);

    public const int AF_UNIX = 1;
    public const int SOCK_STREAM = 1;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int bind(int sockfd, byte* addr, int addrlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int accept4(int sockfd, byte* addr, int* addrlen, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint recv(int sockfd, byte* buf, nint len, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint send(int sockfd, byte* buf, nint len, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint sendfile(int outFd, int inFd, long* offset, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int pipe2(int* pipefd, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setsockopt(int sockfd, int level, int optname, int* optval, int optlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int shutdown(int sockfd, int how);

    /// <summary>errno of the last call made with SetLastError.</summary>
    public static int Errno => Marshal.GetLastPInvokeError();
}
