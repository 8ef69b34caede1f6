using System.Net.Sockets;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>
/// Sends one input the ways a network may deliver it: whole, one byte at a time, and in seeded random chunks, then
/// half-closes, so the server also sees the end of a truncated input.
/// </summary>
internal static class ChunkReplay
{
    /// <summary>The replay plans every corpus case goes through.</summary>
    public static IEnumerable<string> Plans => ["whole", "bytes", "random-1", "random-2"];

    /// <summary>Sends <paramref name="data"/> on <paramref name="socket"/> as <paramref name="plan"/> says; stops quietly if the server already closed.</summary>
    public static void Send(Socket socket, byte[] data, string plan)
    {
        socket.NoDelay = true;
        try
        {
            foreach (var (offset, length) in Chunks(data.Length, plan))
            {
                socket.Send(data, offset, length, SocketFlags.None);
            }
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The server refused the input before it was all sent: what the test checks comes next.
        }
    }

    private static IEnumerable<(int Offset, int Length)> Chunks(int total, string plan)
    {
        if (plan == "whole")
        {
            yield return (0, total);
            yield break;
        }
        var random = plan.StartsWith("random-", StringComparison.Ordinal) ? new Random(int.Parse(plan[7..], System.Globalization.CultureInfo.InvariantCulture)) : null;
        for (var offset = 0; offset < total;)
        {
            var length = Math.Min(total - offset, random?.Next(1, 64) ?? 1);
            yield return (offset, length);
            offset += length;
        }
    }
}
