using System.Buffers.Binary;
using System.Text;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// uwsgi packets and FastCGI records written straight from the protocol descriptions (uwsgi-docs Protocol.rst,
/// FastCGI 1.0 §3.3–§5), independently of gantry's own readers and writers, for the raw-socket tests.
/// </summary>
internal static class WireBytes
{
    /// <summary>A uwsgi packet: modifier1, u16 LE size, modifier2, then u16 LE sized keys and values.</summary>
    public static byte[] UwsgiPacket(IEnumerable<(string Key, string Value)> variables, byte modifier1 = 0)
    {
        var block = new List<byte>();
        foreach (var (key, value) in variables)
        {
            AddUwsgiString(block, key);
            AddUwsgiString(block, value);
        }
        return [modifier1, (byte)block.Count, (byte)(block.Count >> 8), 0, .. block];
    }

    /// <summary>A uwsgi header announcing <paramref name="size"/> bytes of vars.</summary>
    public static byte[] UwsgiHeader(int size, byte modifier1 = 0) => [modifier1, (byte)size, (byte)(size >> 8), 0];

    /// <summary>The variables nginx's stock uwsgi_params send for a GET (plus a Host header).</summary>
    public static (string Key, string Value)[] NginxVariables(string path = "/raw", string method = "GET", string contentLength = "") =>
    [
        ("QUERY_STRING", ""), ("REQUEST_METHOD", method), ("CONTENT_TYPE", ""), ("CONTENT_LENGTH", contentLength),
        ("REQUEST_URI", path), ("PATH_INFO", path), ("DOCUMENT_ROOT", "/srv"), ("SERVER_PROTOCOL", "HTTP/1.1"),
        ("REQUEST_SCHEME", "http"), ("REMOTE_ADDR", "127.0.0.1"), ("REMOTE_PORT", "40000"), ("SERVER_PORT", "80"),
        ("SERVER_NAME", "raw.test"), ("HTTP_HOST", "raw.test"),
    ];

    /// <summary>One FastCGI record, padded to a multiple of 8.</summary>
    public static byte[] Record(byte type, ushort requestId, byte[] content)
    {
        var padding = (8 - content.Length % 8) % 8;
        var record = new byte[8 + content.Length + padding];
        record[0] = 1;
        record[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), requestId);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), (ushort)content.Length);
        record[6] = (byte)padding;
        content.CopyTo(record, 8);
        return record;
    }

    /// <summary>BEGIN_REQUEST for the responder role.</summary>
    public static byte[] Begin(ushort requestId, bool keepConnection) => Record(1, requestId, [0, 1, (byte)(keepConnection ? 1 : 0), 0, 0, 0, 0, 0]);

    /// <summary>FastCGI name-value pairs (1-byte lengths below 128, else 4 bytes with the top bit set).</summary>
    public static byte[] Pairs(IEnumerable<(string Name, string Value)> pairs)
    {
        var bytes = new List<byte>();
        foreach (var (name, value) in pairs)
        {
            var n = Encoding.Latin1.GetBytes(name);
            var v = Encoding.Latin1.GetBytes(value);
            AddFastCgiLength(bytes, n.Length);
            AddFastCgiLength(bytes, v.Length);
            bytes.AddRange(n);
            bytes.AddRange(v);
        }
        return [.. bytes];
    }

    /// <summary>A whole responder request: BEGIN_REQUEST, PARAMS and their end, STDIN and its end.</summary>
    public static byte[] FastCgiRequest(ushort requestId, IEnumerable<(string Name, string Value)> pairs, byte[] body, bool keepConnection)
    {
        var request = new List<byte>(Begin(requestId, keepConnection));
        request.AddRange(Record(4, requestId, Pairs(pairs)));
        request.AddRange(Record(4, requestId, []));
        if (body.Length > 0)
        {
            request.AddRange(Record(5, requestId, body));
        }
        request.AddRange(Record(5, requestId, []));
        return [.. request];
    }

    private static void AddUwsgiString(List<byte> block, string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        block.Add((byte)bytes.Length);
        block.Add((byte)(bytes.Length >> 8));
        block.AddRange(bytes);
    }

    private static void AddFastCgiLength(List<byte> bytes, int length)
    {
        if (length < 128)
        {
            bytes.Add((byte)length);
            return;
        }
        bytes.Add((byte)((length >> 24) | 0x80));
        bytes.Add((byte)(length >> 16));
        bytes.Add((byte)(length >> 8));
        bytes.Add((byte)length);
    }
}
