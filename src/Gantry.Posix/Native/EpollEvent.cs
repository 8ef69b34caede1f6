using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>
/// struct epoll_event as the x86-64 kernel lays it out: packed, a 32-bit event mask then 64 bits of user data.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct EpollEvent
{
    public uint Events;
    public ulong Data;
}
