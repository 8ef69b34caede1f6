using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gantry.Protocols.FastCgi;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>
/// A raw FastCGI client (the web server's side): records built with the protocol library's writers, responses read
/// record by record. Kept apart from the server's code paths: it only uses the public record format.
/// </summary>
internal sealed class FastCgiClient : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _pending = [];

    public FastCgiClient(EndPoint endpoint)
    {
        _socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.ReceiveTimeout = 10_000;
        _socket.Connect(endpoint);
    }

    public Socket Socket => _socket;

    /// <summary>The params nginx's stock fastcgi_params send for a GET of <paramref name="path"/> (no PATH_INFO).</summary>
    public static IReadOnlyList<(string Key, string Value)> NginxParams(string path = "/path", string query = "q=1", string method = "GET", string contentLength = "") =>
    [
        ("QUERY_STRING", query), ("REQUEST_METHOD", method), ("CONTENT_TYPE", ""), ("CONTENT_LENGTH", contentLength),
        ("SCRIPT_NAME", path), ("REQUEST_URI", query.Length > 0 ? $"{path}?{query}" : path), ("DOCUMENT_URI", path),
        ("DOCUMENT_ROOT", "/usr/share/nginx/html"), ("SERVER_PROTOCOL", "HTTP/1.1"), ("REQUEST_SCHEME", "http"),
        ("GATEWAY_INTERFACE", "CGI/1.1"), ("SERVER_SOFTWARE", "nginx/1.22.1"), ("REMOTE_ADDR", "10.0.0.7"),
        ("REMOTE_PORT", "51234"), ("SERVER_ADDR", "10.0.0.1"), ("SERVER_PORT", "80"), ("SERVER_NAME", "example.org"),
        ("REDIRECT_STATUS", "200"), ("HTTP_HOST", "example.org"), ("HTTP_USER_AGENT", "test"),
    ];

    public static byte[] Begin(ushort id, bool keepConnection = false, FastCgiRole role = FastCgiRole.Responder)
    {
        var buffer = new byte[16];
        FastCgiRecordWriter.WriteBeginRequest(buffer, id, role, keepConnection ? FastCgiBeginRequestFlags.KeepConnection : 0);
        return buffer;
    }

    /// <summary>The PARAMS stream and its end; <paramref name="recordSize"/> splits it into records of that many bytes.</summary>
    public static byte[] Params(ushort id, IEnumerable<(string Key, string Value)> pairs, int recordSize = 65535)
    {
        var encoded = new ArrayBufferWriter<byte>();
        foreach (var (key, value) in pairs)
        {
            var k = Encoding.Latin1.GetBytes(key);
            var v = Encoding.Latin1.GetBytes(value);
            var span = encoded.GetSpan(k.Length + v.Length + 8);
            encoded.Advance(FastCgiNameValueWriter.WritePair(span, k, v));
        }
        return Stream(FastCgiRecordType.Params, id, encoded.WrittenSpan.ToArray(), recordSize);
    }

    public static byte[] Stdin(ushort id, byte[] body, int recordSize = 32768) => Stream(FastCgiRecordType.Stdin, id, body, recordSize);

    /// <summary>A whole request: BEGIN_REQUEST, PARAMS, STDIN.</summary>
    public static byte[] Request(ushort id, IEnumerable<(string Key, string Value)> pairs, byte[]? body = null, bool keepConnection = false) =>
        [.. Begin(id, keepConnection), .. Params(id, pairs), .. Stdin(id, body ?? [])];

    public static byte[] Record(FastCgiRecordType type, ushort id, byte[] content)
    {
        var output = new ArrayBufferWriter<byte>();
        FastCgiRecordWriter.WriteRecord(output, type, id, content);
        return output.WrittenSpan.ToArray();
    }

    public void Send(byte[] data) => _socket.Send(data);

    /// <summary>Reads records until END_REQUEST for <paramref name="id"/>; throws if the server closes first.</summary>
    public FastCgiExchange ReadUntilEndRequest(ushort id)
    {
        var records = new List<FastCgiTestRecord>();
        while (true)
        {
            var record = ReadRecord() ?? throw new InvalidOperationException(
                $"the server closed before END_REQUEST for {id}; got: {string.Join(", ", records.Select(r => r.Type))}");
            records.Add(record);
            if (record.Type == FastCgiRecordType.EndRequest && record.RequestId == id)
            {
                return new FastCgiExchange(records);
            }
        }
    }

    /// <summary>Every record until the server closes.</summary>
    public FastCgiExchange ReadUntilClose()
    {
        var records = new List<FastCgiTestRecord>();
        while (ReadRecord() is { } record)
        {
            records.Add(record);
        }
        return new FastCgiExchange(records);
    }

    /// <summary>The next record; null when the server closed.</summary>
    public FastCgiTestRecord? ReadRecord()
    {
        while (true)
        {
            var bytes = _pending.ToArray();
            if (bytes.Length > 0 && FastCgiRecordReader.TryRead(bytes, out var header, out ReadOnlySpan<byte> content, out var consumed))
            {
                _pending.RemoveRange(0, consumed);
                return new FastCgiTestRecord(header.Type, header.RequestId, content.ToArray());
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
                return null;
            }
            _pending.AddRange(buffer.AsSpan(0, count).ToArray());
        }
    }

    /// <summary>True when the server closed the connection.</summary>
    public bool IsClosedByServer() => ReadRecord() is null;

    public void Dispose() => _socket.Dispose();

    private static byte[] Stream(FastCgiRecordType type, ushort id, byte[] data, int recordSize)
    {
        var output = new ArrayBufferWriter<byte>();
        for (var offset = 0; offset < data.Length; offset += recordSize)
        {
            FastCgiRecordWriter.WriteRecord(output, type, id, data.AsSpan(offset, Math.Min(recordSize, data.Length - offset)));
        }
        FastCgiRecordWriter.WriteStreamEnd(output, type, id);
        return output.WrittenSpan.ToArray();
    }
}
