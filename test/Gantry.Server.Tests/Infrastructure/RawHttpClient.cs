using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>A socket that sends raw bytes and reads HTTP/1.1 responses (Content-Length, chunked, or until close).</summary>
internal sealed class RawHttpClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly PendingBytes _pending = new();

    public RawHttpClient(IPEndPoint endpoint)
    {
        _socket.ReceiveTimeout = 10_000;
        _socket.Connect(endpoint);
    }

    public Socket Socket => _socket;

    public void Send(string text) => _socket.Send(Encoding.Latin1.GetBytes(text));

    public void Send(byte[] data) => _socket.Send(data);

    /// <summary>Reads one response; null when the server closed before any byte.</summary>
    public RawResponse? ReadResponse(bool forHead = false)
    {
        var headEnd = FindHeadEnd();
        if (headEnd < 0)
        {
            return null;
        }
        var head = Encoding.Latin1.GetString(_pending.Take(headEnd));
        _pending.Remove(4);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0].ToLowerInvariant(), p => p[1]);
        byte[] body;
        if (forHead || status is < 200 or 204 or 304)
        {
            body = [];
        }
        else if (headers.TryGetValue("content-length", out var length))
        {
            body = Take(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (headers.TryGetValue("transfer-encoding", out var coding) && coding == "chunked")
        {
            body = ReadChunked();
        }
        else
        {
            while (Fill())
            {
            }
            body = _pending.Take(_pending.Count);
        }
        return new RawResponse(status, headers, body);
    }

    /// <summary>True when the server closed the connection (EOF within the timeout).</summary>
    public bool IsClosedByServer()
    {
        try
        {
            return !Fill();
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private byte[] ReadChunked()
    {
        var body = new List<byte>();
        while (true)
        {
            var line = ReadLine();
            var size = Convert.ToInt32(line.Split(';')[0], 16);
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
                    var line = Encoding.Latin1.GetString(_pending.Take(i));
                    _pending.Remove(2);
                    return line;
                }
            }
            if (!Fill())
            {
                throw new IOException("connection closed inside a chunked body");
            }
        }
    }

    private byte[] Take(int count)
    {
        while (_pending.Count < count)
        {
            if (!Fill())
            {
                throw new IOException($"connection closed after {_pending.Count} of {count} body bytes");
            }
        }
        return _pending.Take(count);
    }

    private int FindHeadEnd()
    {
        while (true)
        {
            for (var i = 0; i + 3 < _pending.Count; i++)
            {
                if (_pending[i] == '\r' && _pending[i + 1] == '\n' && _pending[i + 2] == '\r' && _pending[i + 3] == '\n')
                {
                    return i;
                }
            }
            if (!Fill())
            {
                return -1;
            }
        }
    }

    private bool Fill()
    {
        var count = _socket.Receive(_pending.GetSpan(65536));
        _pending.Added(count);
        return count > 0;
    }

    public void Dispose() => _socket.Dispose();
}

/// <summary>Received bytes not yet consumed, with an O(1) consume from the front.</summary>
internal sealed class PendingBytes
{
    private byte[] _buffer = new byte[131072];
    private int _start;
    private int _end;

    public int Count => _end - _start;

    public byte this[int index] => _buffer[_start + index];

    public Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _end < size)
        {
            var larger = new byte[Math.Max(_buffer.Length * 2, Count + size)];
            _buffer.AsSpan(_start, Count).CopyTo(larger);
            _end = Count;
            _start = 0;
            _buffer = larger;
        }
        return _buffer.AsSpan(_end, size);
    }

    public void Added(int count) => _end += count;

    public byte[] Take(int count)
    {
        var data = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        return data;
    }

    public void Remove(int count) => _start += count;
}

internal sealed record RawResponse(int Status, Dictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.Latin1.GetString(Body);
}
