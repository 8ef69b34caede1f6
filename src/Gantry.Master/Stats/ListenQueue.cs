using Gantry.Posix.Native;

namespace Gantry.Master.Stats;

/// <summary>How many connections wait in a listening socket's accept queue now.</summary>
internal static unsafe class ListenQueue
{
    /// <summary>TCP_INFO's tcpi_unacked, which for a listener is the accept queue (what uWSGI reads); 0 for unix sockets.</summary>
    public static long Length(StatsSocket socket)
    {
        if (!socket.IsTcp)
        {
            return 0;
        }
        // struct tcp_info: tcpi_unacked is the u32 at offset 24.
        const int UnackedOffset = 24;
        var info = stackalloc byte[256];
        var length = 256;
        return LibC.getsockopt(socket.Fd, LibC.IPPROTO_TCP, LibC.TCP_INFO, info, &length) == 0 && length >= UnackedOffset + 4
            ? *(uint*)(info + UnackedOffset)
            : 0;
    }
}
