using System.IO.Compression;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// Decompresses the messages a client sent with RSV1 set (RFC 7692 §7.2.2): the message's payload with
/// <c>00 00 FF FF</c> appended back is fed to one raw-DEFLATE stream that lives as long as the connection (so a client
/// using context takeover may refer to earlier messages; one that does not loses nothing). The caller pulls the output
/// with <see cref="Read"/> into a buffer it bounds itself, so a small message that inflates to gigabytes (a
/// decompression bomb) is stopped at the size limit, never inflated whole.
/// </summary>
public sealed class WebSocketInflater : IDisposable
{
    private readonly WebSocketInflateSource _source = new();
    private DeflateStream? _stream;

    /// <summary>The end of every sync flush, which the sender removes (§7.2.1) and the receiver appends (§7.2.2).</summary>
    public static ReadOnlySpan<byte> FlushTail => [0x00, 0x00, 0xFF, 0xFF];

    /// <summary>Starts one message: <paramref name="compressed"/>[..<paramref name="length"/>] is read until <see cref="Read"/> gives 0.</summary>
    public void Begin(byte[] compressed, int length)
    {
        _source.Begin(compressed, length);
        _stream ??= new DeflateStream(_source, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>Inflates into <paramref name="destination"/>; 0 when the message's output is complete.</summary>
    /// <exception cref="WebSocketProtocolException">The data is not DEFLATE (1007).</exception>
    public int Read(Span<byte> destination)
    {
        try
        {
            return _stream!.Read(destination);
        }
        catch (InvalidDataException failure)
        {
            throw new WebSocketProtocolException(WebSocketCloseStatus.InvalidPayloadData, "a compressed message that does not inflate: " + failure.Message);
        }
    }

    /// <summary>Frees zlib's state.</summary>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
