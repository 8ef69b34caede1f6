using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>A raw connection to a gantry uwsgi or FastCGI socket (host:port), no nginx in between.</summary>
internal sealed class RawGatewaySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<byte> _pending = [];

    public RawGatewaySocket(string hostPort)
    {
        _socket.ReceiveTimeout = 15_000;
        _socket.Connect(IPEndPoint.Parse(hostPort));
    }

    /// <summary>Sends, then half-closes so that a truncated input ends; tolerates a server that already closed.</summary>
    public void SendAndFinish(byte[] data)
    {
        try
        {
            _socket.Send(data);
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
    }

    public void Send(byte[] data) => _socket.Send(data);

    /// <summary>Everything until the server closes.</summary>
    public byte[] ReadToEnd()
    {
        while (Fill())
        {
        }
        var all = _pending.ToArray();
        _pending.Clear();
        return all;
    }

    /// <summary>The next FastCGI record as (type, request id, content); null when the server closed.</summary>
    public (byte Type, ushort RequestId, byte[] Content)? ReadRecord()
    {
        while (true)
        {
            if (_pending.Count >= 8)
            {
                var header = _pending.GetRange(0, 8).ToArray();
                var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(4));
                var total = 8 + length + header[6];
                if (_pending.Count >= total)
                {
                    var content = _pending.GetRange(8, length).ToArray();
                    _pending.RemoveRange(0, total);
                    return (header[1], BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)), content);
                }
            }
            if (!Fill())
            {
                return null;
            }
        }
    }

    /// <summary>STDOUT content of <paramref name="requestId"/> up to its END_REQUEST.</summary>
    public byte[] ReadFastCgiResponse(ushort requestId)
    {
        var stdout = new List<byte>();
        while (ReadRecord() is { } record)
        {
            if (record.RequestId == requestId && record.Type == 6)
            {
                stdout.AddRange(record.Content);
            }
            if (record.RequestId == requestId && record.Type == 3)
            {
                return [.. stdout];
            }
        }
        throw new IOException($"closed before END_REQUEST for {requestId}");
    }

    public void Dispose() => _socket.Dispose();

    private bool Fill()
    {
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
        _pending.AddRange(buffer.AsSpan(0, count).ToArray());
        return count > 0;
    }
}
