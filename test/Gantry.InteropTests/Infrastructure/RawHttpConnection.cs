using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// A client connection to nginx (or gantry's HTTP socket) that sends raw request text and reads responses framed by
/// Content-Length, chunked encoding or close; several requests may share it (keep-alive).
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<byte> _pending = [];
    private bool _closed;

    public RawHttpConnection(int port)
    {
        _socket.ReceiveTimeout = 30_000;
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
    }

    public Socket Socket => _socket;

    public void Send(string text) => _socket.Send(Encoding.Latin1.GetBytes(text));

    public void Send(byte[] data) => _socket.Send(data);

    /// <summary>Reads one response; <paramref name="head"/> says it answers a HEAD request (no body whatever the headers say).</summary>
    public RawHttpResponse Read(bool head = false)
    {
        var headEnd = IndexOfHeadEnd();
        var headText = Encoding.Latin1.GetString(Take(headEnd + 4));
        var lines = headText[..headEnd].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(line => line.Split(": ", 2)).ToDictionary(p => p[0].ToLowerInvariant(), p => p[1]);
        byte[] body;
        if (head || status is 204 or 304 or < 200)
        {
            body = [];
        }
        else if (headers.TryGetValue("content-length", out var length))
        {
            body = Take(int.Parse(length, CultureInfo.InvariantCulture));
        }
        else if (headers.TryGetValue("transfer-encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = ReadChunked();
        }
        else
        {
            while (Fill())
            {
            }
            body = Take(_pending.Count);
        }
        return new RawHttpResponse(status, headers, body);
    }

    /// <summary>Receives until the bytes not yet read contain <paramref name="marker"/>, without consuming them.</summary>
    public void WaitFor(string marker)
    {
        var wanted = Encoding.Latin1.GetBytes(marker);
        while (CollectionsMarshal.AsSpan(_pending).IndexOf(wanted) < 0)
        {
            if (!Fill())
            {
                throw new IOException($"connection closed before \"{marker}\" arrived ({_pending.Count} bytes)");
            }
        }
    }

    /// <summary>True when the peer closed the connection (end of stream or reset).</summary>
    public bool IsClosedByPeer()
    {
        if (_pending.Count > 0)
        {
            return false;
        }
        return !Fill();
    }

    public void Dispose() => _socket.Dispose();

    private byte[] ReadChunked()
    {
        var body = new List<byte>();
        while (true)
        {
            var line = ReadLine();
            var size = int.Parse(line.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while (ReadLine().Length > 0)
                {
                }
                return [.. body];
            }
            body.AddRange(Take(size));
            ReadLine();
        }
    }

    private string ReadLine()
    {
        while (true)
        {
            for (var i = 0; i + 1 < _pending.Count; i++)
            {
                if (_pending[i] == '\r' && _pending[i + 1] == '\n')
                {
                    var line = Encoding.Latin1.GetString(Take(i));
                    Take(2);
                    return line;
                }
            }
            if (!Fill())
            {
                throw new IOException("connection closed inside a chunked body");
            }
        }
    }

    private int IndexOfHeadEnd()
    {
        var searched = 0;
        while (true)
        {
            for (var i = Math.Max(0, searched - 3); i + 3 < _pending.Count; i++)
            {
                if (_pending[i] == '\r' && _pending[i + 1] == '\n' && _pending[i + 2] == '\r' && _pending[i + 3] == '\n')
                {
                    return i;
                }
            }
            searched = _pending.Count;
            if (!Fill())
            {
                throw new IOException($"connection closed before a response head ({_pending.Count} bytes)");
            }
        }
    }

    private byte[] Take(int count)
    {
        while (_pending.Count < count)
        {
            if (!Fill())
            {
                throw new IOException($"connection closed after {_pending.Count} of {count} bytes");
            }
        }
        var taken = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return taken;
    }

    private bool Fill()
    {
        if (_closed)
        {
            return false;
        }
        var buffer = new byte[65536];
        int count;
        try
        {
            count = _socket.Receive(buffer);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
        {
            count = 0;
        }
        if (count == 0)
        {
            _closed = true;
            return false;
        }
        _pending.AddRange(buffer.AsSpan(0, count).ToArray());
        return true;
    }
}
