using System.IO.Compression;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// Compresses the messages the server sends on a permessage-deflate connection (RFC 7692 §7.2.1): raw DEFLATE, each
/// message flushed with Z_SYNC_FLUSH (what <see cref="DeflateStream.Flush"/> does) and the 4 bytes that flush always
/// ends with (<c>00 00 FF FF</c>) removed. With context takeover (the default) one stream lives as long as the
/// connection, so later messages refer back to earlier ones; with server_no_context_takeover each message starts a
/// fresh stream. zlib's state (some 256 KB) exists only once a message was compressed, so idle connections cost none.
/// </summary>
public sealed class WebSocketDeflater : IDisposable
{
    private static ReadOnlySpan<byte> EmptyBlock => [0x00];

    private readonly bool _noContextTakeover;
    private readonly WebSocketDeflateSink _sink = new();
    private DeflateStream? _stream;

    /// <summary>A deflater for one connection.</summary>
    /// <param name="noContextTakeover">server_no_context_takeover was agreed: every message is compressed alone.</param>
    public WebSocketDeflater(bool noContextTakeover) => _noContextTakeover = noContextTakeover;

    /// <summary>Compresses one whole message; the result is valid until the next call.</summary>
    public ReadOnlySpan<byte> Deflate(ReadOnlySpan<byte> message)
    {
        _sink.Reset();
        _stream ??= new DeflateStream(_sink, CompressionLevel.Fastest, leaveOpen: true);
        _stream.Write(message);
        _stream.Flush();
        var written = _sink.Written;
        if (_noContextTakeover)
        {
            _stream.Dispose();
            _stream = null;
        }
        // §7.2.1: remove the tail of the sync flush; what remains inflates to the message once the peer appends it back.
        // Nothing written (an empty message: DeflateStream flushes nothing) is sent as one 0x00 byte (§7.2.3.6), which
        // with the tail is an empty stored block.
        var compressed = written.EndsWith(WebSocketInflater.FlushTail) ? written[..^WebSocketInflater.FlushTail.Length] : written;
        return compressed.IsEmpty ? EmptyBlock : compressed;
    }

    /// <summary>Frees zlib's state and the output buffer.</summary>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
        _sink.Dispose();
    }
}
