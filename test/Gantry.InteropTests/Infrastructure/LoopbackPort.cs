using System.Net;
using System.Net.Sockets;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// Free ports on 127.0.0.1 for nginx, which cannot bind port 0 and report the port back. Picked below the kernel's
/// ephemeral range (outgoing connections take theirs from it), checked bindable, and never handed out twice.
/// </summary>
internal static class LoopbackPort
{
    private const int Lowest = 21000;
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        var highest = EphemeralStart() - 1;
        lock (Given)
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var port = Random.Shared.Next(Lowest, highest);
                if (Given.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"no free loopback port between {Lowest} and {highest}");
    }

    private static bool IsFree(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralStart()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
            var first = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return Math.Max(Lowest + 2000, int.Parse(first, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or FormatException or UnauthorizedAccessException)
        {
            return 32768;
        }
    }
}
