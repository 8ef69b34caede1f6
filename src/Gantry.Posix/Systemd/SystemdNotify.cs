using System.Net.Sockets;
using System.Text;

namespace Gantry.Posix.Systemd;

/// <summary>
/// sd_notify(3) without libsystemd: a datagram with newline-separated assignments ("READY=1", "STATUS=…",
/// "STOPPING=1", "RELOADING=1") to the unix socket named by $NOTIFY_SOCKET ("@name" is the abstract namespace), which
/// systemd sets for a <c>Type=notify</c> service. Does nothing when the variable is absent; a failed send is ignored,
/// as sd_notify's callers do.
/// </summary>
public static class SystemdNotify
{
    /// <summary>The variable systemd sets.</summary>
    public const string SocketVariable = "NOTIFY_SOCKET";

    /// <summary>True when a notify socket is configured for this process.</summary>
    public static bool IsEnabled => Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 };

    /// <summary>Sends <paramref name="state"/>; false when there is no socket or the send failed.</summary>
    public static bool Send(string state)
    {
        if (Environment.GetEnvironmentVariable(SocketVariable) is not { Length: > 0 } path)
        {
            return false;
        }
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            var endPoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
            socket.SendTo(Encoding.UTF8.GetBytes(state), endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
