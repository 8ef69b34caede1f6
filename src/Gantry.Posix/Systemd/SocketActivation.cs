using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gantry.Posix.Systemd;

/// <summary>
/// systemd's socket activation (sd_listen_fds(3)): when $LISTEN_PID is this process, $LISTEN_FDS listening sockets
/// start at descriptor 3. Each is described by its bound address (getsockname), so the server can use the inherited
/// socket for the configured address it matches instead of binding it (as uWSGI does). The variables are cleared
/// once read, so no child takes them for its own.
/// </summary>
public static class SocketActivation
{
    /// <summary>sd_listen_fds' first descriptor.</summary>
    public const int FirstDescriptor = 3;

    /// <summary>An inherited listening socket and the address it is bound to (an IPEndPoint, or the unix path).</summary>
    public sealed record InheritedSocket(int Fd, IPEndPoint? Endpoint, string? UnixPath);

    /// <summary>The sockets systemd passed to this process (none without socket activation); reads the variables once.</summary>
    public static IReadOnlyList<InheritedSocket> TakeInherited()
    {
        var pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        var count = Environment.GetEnvironmentVariable("LISTEN_FDS");
        foreach (var name in (string[])["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"])
        {
            Processes.NativeEnvironment.Remove(name);
        }
        if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var listenPid) || listenPid != Environment.ProcessId
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var fds) || fds <= 0)
        {
            return [];
        }
        var sockets = new List<InheritedSocket>();
        for (var fd = FirstDescriptor; fd < FirstDescriptor + fds; fd++)
        {
            try
            {
                using var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: false));
                switch (socket.LocalEndPoint)
                {
                    case IPEndPoint ip:
                        sockets.Add(new InheritedSocket(fd, ip, null));
                        break;
                    case UnixDomainSocketEndPoint unix:
                        var path = unix.ToString();
                        sockets.Add(new InheritedSocket(fd, null, path.StartsWith('\0') ? "@" + path[1..] : path));
                        break;
                }
            }
            catch (SocketException)
            {
                // Not a socket: skipped.
            }
        }
        return sockets;
    }
}
