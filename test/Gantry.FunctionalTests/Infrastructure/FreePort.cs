using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>
/// Loopback TCP ports for peers that cannot bind port 0 and report the port back (nginx, uWSGI, php-fpm).
/// Gantry itself binds 127.0.0.1:0 and prints the port in its readiness line.
/// </summary>
/// <remarks>
/// Ports are picked below the kernel's ephemeral range (net.ipv4.ip_local_port_range), which outgoing connections
/// draw from, so a port stays free between this check and the peer's bind unless another process takes that very
/// port. A port is handed out at most once per test run.
/// </remarks>
public static class FreePort
{
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    private const int LowestPort = 20000;
    private const int Attempts = 200;

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A port that nothing listens on at <paramref name="address"/> (127.0.0.1 by default) right now.</summary>
    public static int Allocate(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        var highest = Math.Max(LowestPort + 1000, EphemeralStart() - 1);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, highest);
            lock (HandedOut)
            {
                if (!HandedOut.Contains(port) && CanBind(address, port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no free port on {address} between {LowestPort} and {highest} after {Attempts} tries");
    }

    private static bool CanBind(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen();
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
            var first = File.ReadAllText(EphemeralRangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return 32768;
        }
    }
}
