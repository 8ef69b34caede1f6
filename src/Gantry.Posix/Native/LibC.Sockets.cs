using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>Sockets: what the loop does itself instead of through System.Net.Sockets (no allocation, no SafeHandle per call).</summary>
public static unsafe partial class LibC
{
    public const int AF_UNIX = 1;
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int SOCK_STREAM = 1;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int MSG_NOSIGNAL = 0x4000;
    public const int MSG_PEEK = 0x2;
    public const int MSG_DONTWAIT = 0x40;
    public const int SHUT_WR = 1;

    /// <summary>setsockopt(2) levels and options (asm-generic/socket.h, netinet/tcp.h).</summary>
    public const int SOL_SOCKET = 1;
    public const int SO_REUSEADDR = 2;
    public const int SO_LINGER = 13;
    public const int SO_ERROR = 4;
    public const int SO_ACCEPTCONN = 30;
    public const int IPPROTO_TCP = 6;
    public const int TCP_NODELAY = 1;
    public const int TCP_DEFER_ACCEPT = 9;
    public const int TCP_INFO = 11;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int socketpair(int domain, int type, int protocol, int* fds);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int bind(int sockfd, byte* addr, int addrlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int connect(int sockfd, byte* addr, int addrlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int getsockopt(int sockfd, int level, int optname, int* optval, int* optlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int getsockname(int sockfd, byte* addr, int* addrlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int accept4(int sockfd, byte* addr, int* addrlen, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint recv(int sockfd, byte* buf, nint len, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint send(int sockfd, byte* buf, nint len, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint sendfile(int outFd, int inFd, long* offset, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setsockopt(int sockfd, int level, int optname, int* optval, int optlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int getsockopt(int sockfd, int level, int optname, void* optval, int* optlen);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int shutdown(int sockfd, int how);
}
