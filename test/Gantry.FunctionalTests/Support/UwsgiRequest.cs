using System.Buffers.Binary;
using System.Text;

namespace Gantry.FunctionalTests.Support;

/// <summary>
/// Encodes a request in the uwsgi protocol, as nginx's uwsgi_pass sends it: a 4-byte header, then the CGI variables
/// as length-prefixed pairs, then the body. The server answers with a plain HTTP response and closes.
/// <code>
/// | modifier1 (u8) = 0 | datasize (u16 little-endian) | modifier2 (u8) = 0 |
/// | keysize (u16 LE) | key | valsize (u16 LE) | value |  … repeated, datasize bytes in all
/// </code>
/// </summary>
internal static class UwsgiRequest
{
    private const int HeaderSize = 4;

    /// <summary>The packet for a request with <paramref name="variables"/> (Latin-1) followed by <paramref name="body"/>.</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> variables, byte[]? body = null)
    {
        using var pairs = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var (key, value) in variables)
        {
            foreach (var text in new[] { key, value })
            {
                var bytes = Encoding.Latin1.GetBytes(text);
                BinaryPrimitives.WriteUInt16LittleEndian(length, checked((ushort)bytes.Length));
                pairs.Write(length);
                pairs.Write(bytes);
            }
        }

        var packet = new byte[HeaderSize + pairs.Length + (body?.Length ?? 0)];
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(1, 2), checked((ushort)pairs.Length));
        pairs.ToArray().CopyTo(packet, HeaderSize);
        body?.CopyTo(packet, HeaderSize + (int)pairs.Length);
        return packet;
    }

    /// <summary>The variables nginx's uwsgi_params would send for a GET of <paramref name="path"/> (no query string).</summary>
    public static byte[] Get(string path, string host, int port) => Encode(
    [
        new("REQUEST_METHOD", "GET"),
        new("REQUEST_URI", path),
        new("PATH_INFO", path),
        new("QUERY_STRING", ""),
        new("SERVER_PROTOCOL", "HTTP/1.1"),
        new("SERVER_NAME", host),
        new("SERVER_PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("REMOTE_ADDR", "127.0.0.1"),
        new("REMOTE_PORT", "50000"),
        new("HTTP_HOST", host),
    ]);
}
