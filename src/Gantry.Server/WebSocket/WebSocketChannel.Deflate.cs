using System.Buffers;
using Gantry.Protocols.WebSocket;

namespace Gantry.Server.WebSocket;

/// <summary>
/// permessage-deflate (RFC 7692, unchanged over HTTP/2 by RFC 8441 §5): negotiated by the front from the request when
/// websocket-per-message-deflate is on (<see cref="Offer"/>), answered in its 101 or 200 (<see cref="MarkAccepted"/>). A message whose first frame has RSV1 is gathered compressed (each frame within the size
/// limit), then inflated whole into the message buffer with the limit applied to the inflated size (1009 past it, so a
/// decompression bomb costs at most the limit). Messages the server sends are compressed from
/// <see cref="MinimumCompressedLength"/> bytes up. zlib's state is made at the first message that needs it and freed
/// when the WebSocket ends, so idle connections hold none.
/// </summary>
internal sealed partial class WebSocketChannel
{
    /// <summary>Smaller messages go out plain (RSV1 clear, as §6 allows per message): deflate cannot shrink them much.</summary>
    private const int MinimumCompressedLength = 64;

    private bool _deflateOffered;
    private bool _deflate;
    private WebSocketDeflateParameters _deflateParameters;
    private WebSocketDeflater? _deflater;
    private WebSocketInflater? _inflater;
    private byte[] _compressed = [];
    private int _compressedLength;
    private bool _messageCompressed;

    /// <summary>Sends a data message, compressed when it was agreed and worth it.</summary>
    private void WriteMessage(WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        if (!_deflate || payload.Length < MinimumCompressedLength)
        {
            WriteFrame(opcode, payload);
            return;
        }
        _deflater ??= new WebSocketDeflater(_deflateParameters.ServerNoContextTakeover);
        WriteFrame(opcode, _deflater.Deflate(payload), compressed: true);
    }

    /// <summary>A compressed message is complete: inflate it into the message buffer, bounded by <paramref name="limit"/>.</summary>
    private void InflateMessage(int limit)
    {
        _inflater ??= new WebSocketInflater();
        _inflater.Begin(_compressed, _compressedLength);
        _messageLength = 0;
        while (true)
        {
            var room = Math.Min(_message.Length, limit + 1) - _messageLength;
            if (room == 0)
            {
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1L, Math.Max(4096, _message.Length * 2L)));
                _message.AsSpan(0, _messageLength).CopyTo(larger);
                ReturnMessageBuffer();
                _message = larger;
                continue;
            }
            var read = _inflater.Read(_message.AsSpan(_messageLength, room));
            if (read == 0)
            {
                break;
            }
            _messageLength += read;
            if (_messageLength > limit)
            {
                throw new WebSocketProtocolException(WebSocketCloseStatus.MessageTooBig, $"a compressed message that inflates past {limit} bytes");
            }
        }
        _compressedLength = 0;
        if (_messageOpcode == WebSocketOpcode.Text && !_utf8.Append(_message.AsSpan(0, _messageLength), final: true))
        {
            throw new WebSocketProtocolException(WebSocketCloseStatus.InvalidPayloadData, "a text message that is not UTF-8");
        }
    }

    /// <summary>The WebSocket ended: zlib's state and the compressed buffer go.</summary>
    private void EndDeflate()
    {
        _deflate = _deflateOffered = false;
        _messageCompressed = false;
        _compressedLength = 0;
        _deflater?.Dispose();
        _deflater = null;
        _inflater?.Dispose();
        _inflater = null;
        Return(ref _compressed);
    }
}
