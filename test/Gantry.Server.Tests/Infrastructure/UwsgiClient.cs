using System.Net;
using System.Net.Sockets;
using System.Text;
using Gantry.Protocols.Uwsgi;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>
/// A raw uwsgi client, as nginx's uwsgi_pass behaves: one packet (built with the protocol library's builder), the
/// body, then everything the server sends until it closes.
/// </summary>
internal sealed class UwsgiClient : IDisposable
{
    /// <summary>The variables nginx's stock uwsgi_params send for a GET of <c>/path?q=1</c>.</summary>
    public static IReadOnlyList<(string Key, string Value)> NginxGet(string path = "/path", string query = "q=1", string method = "GET", string contentLength = "") =>
    [
        ("QUERY_STRING", query), ("REQUEST_METHOD", method), ("CONTENT_TYPE", ""), ("CONTENT_LENGTH", contentLength),
        ("REQUEST_URI", query.Length > 0 ? $"{path}?{query}" : path), ("PATH_INFO", path), ("DOCUMENT_ROOT", "/usr/share/nginx/html"),
        ("SERVER_PROTOCOL", "HTTP/1.1"), ("REQUEST_SCHEME", "http"), ("REMOTE_ADDR", "10.0.0.7"), ("REMOTE_PORT", "51234"),
        ("SERVER_PORT", "80"), ("SERVER_NAME", "example.org"), ("HTTP_HOST", "example.org"), ("HTTP_USER_AGENT", "test"),
    ];

    private readonly Socket _socket;

    public UwsgiClient(EndPoint endpoint)
    {
        _socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.ReceiveTimeout = 10_000;
        _socket.Connect(endpoint);
    }

    public Socket Socket => _socket;

    /// <summary>A whole packet: header (modifier1 0 unless given) and vars block.</summary>
    public static byte[] Packet(IEnumerable<(string Key, string Value)> variables, byte modifier1 = 0, byte modifier2 = 0)
    {
        var buffer = new byte[70_000];
        var builder = new UwsgiPacketBuilder(buffer);
        foreach (var (key, value) in variables)
        {
            builder.Add(Encoding.Latin1.GetBytes(key), Encoding.Latin1.GetBytes(value));
        }
        return buffer[..builder.Complete(modifier1, modifier2)];
    }

    public void Send(byte[] data) => _socket.Send(data);

    /// <summary>Sends a request (packet then body) and reads the raw response until the server closes.</summary>
    public RawGatewayResponse Request(IEnumerable<(string Key, string Value)> variables, byte[]? body = null)
    {
        Send([.. Packet(variables), .. body ?? []]);
        return RawGatewayResponse.Parse(ReadToEnd());
    }

    /// <summary>Everything until the server closes its side.</summary>
    public byte[] ReadToEnd()
    {
        var received = new MemoryStream();
        var buffer = new byte[65536];
        while (true)
        {
            var count = _socket.Receive(buffer);
            if (count == 0)
            {
                return received.ToArray();
            }
            received.Write(buffer, 0, count);
        }
    }

    /// <summary>True when the server closed the connection (reading returns end of stream or a reset).</summary>
    public bool IsClosedByServer()
    {
        try
        {
            return _socket.Receive(new byte[1]) == 0;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    public void Dispose() => _socket.Dispose();
}
