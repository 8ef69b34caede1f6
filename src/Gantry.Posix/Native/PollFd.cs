using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>struct pollfd, for the rare blocking wait (the legacy WSGI write() callable).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}
