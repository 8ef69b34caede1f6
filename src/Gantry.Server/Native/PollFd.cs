using System.Runtime.InteropServices;

namespace Gantry.Server.Native;

/// <summary>struct pollfd, for the rare blocking wait (the legacy WSGI write() callable).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}
