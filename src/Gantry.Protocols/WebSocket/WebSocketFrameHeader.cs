namespace Gantry.Protocols.WebSocket;

/// <summary>
/// One frame's header as RFC 6455 §5.2 draws it:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-------+-+-------------+-------------------------------+
/// |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
/// |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
/// |N|V|V|V|       |S|             |   (if payload len==126/127)   |
/// | |1|2|3|       |K|             |                               |
/// +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
/// |     Extended payload length continued, if payload len == 127  |
/// + - - - - - - - - - - - - - - - +-------------------------------+
/// |                               |Masking-key, if MASK set to 1  |
/// +-------------------------------+-------------------------------+
/// | Masking-key (continued)       |          Payload Data         |
/// +-------------------------------- - - - - - - - - - - - - - - - +
/// </code>
/// </summary>
/// <param name="Fin">The final fragment of a message.</param>
/// <param name="Compressed">RSV1, set by permessage-deflate (RFC 7692) on a message's first frame.</param>
/// <param name="Opcode">What the frame carries.</param>
/// <param name="MaskKey">The masking key (client frames always have one, §5.3), in wire order.</param>
/// <param name="PayloadLength">The payload's length in bytes.</param>
public readonly record struct WebSocketFrameHeader(bool Fin, bool Compressed, WebSocketOpcode Opcode, uint MaskKey, long PayloadLength)
{
    /// <summary>A close, ping or pong (opcodes with the high bit set, §5.5).</summary>
    public bool IsControl => ((byte)Opcode & 0x8) != 0;
}
