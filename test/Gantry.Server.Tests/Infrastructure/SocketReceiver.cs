using System.Net.Sockets;
using System.Text;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>
/// Reads a socket as the server writes it, for tests that answer what they see (send the next piece of a body once
/// the echo of the last one arrived). Every read is bounded by the socket's 10 s receive timeout.
/// </summary>
internal sealed class SocketReceiver
{
    private readonly Socket _socket;
    private readonly MemoryStream _received = new();

    public SocketReceiver(Socket socket)
    {
        _socket = socket;
        _socket.ReceiveTimeout = 10_000;
    }

    /// <summary>Everything received so far, as latin-1.</summary>
    public string Text => Encoding.Latin1.GetString(_received.GetBuffer(), 0, (int)_received.Length);

    /// <summary>Reads until <paramref name="marker"/> has been received <paramref name="occurrences"/> times in all.</summary>
    public string WaitFor(string marker, int occurrences = 1)
    {
        while (Count(Text, marker) < occurrences)
        {
            Assert.True(Fill(), $"the connection closed before \"{marker}\" arrived: {Text}");
        }
        return Text;
    }

    /// <summary>Reads until the server closes; the whole text. A reset ends it too (cut responses).</summary>
    public string ReadToEnd()
    {
        try
        {
            while (Fill())
            {
            }
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        return Text;
    }

    private bool Fill()
    {
        var buffer = new byte[65536];
        var count = _socket.Receive(buffer);
        _received.Write(buffer, 0, count);
        return count > 0;
    }

    private static int Count(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
