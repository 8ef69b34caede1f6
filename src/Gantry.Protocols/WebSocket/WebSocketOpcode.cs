namespace Gantry.Protocols.WebSocket;

/// <summary>The frame opcodes of RFC 6455 §5.2 (%x3-7 and %xB-F are reserved: a frame carrying one is a protocol error).</summary>
public enum WebSocketOpcode : byte
{
    /// <summary>%x0: a continuation frame of a fragmented message (§5.4).</summary>
    Continuation = 0x0,

    /// <summary>%x1: a text frame (UTF-8, §5.6).</summary>
    Text = 0x1,

    /// <summary>%x2: a binary frame.</summary>
    Binary = 0x2,

    /// <summary>%x8: a connection close (§5.5.1).</summary>
    Close = 0x8,

    /// <summary>%x9: a ping (§5.5.2).</summary>
    Ping = 0x9,

    /// <summary>%xA: a pong (§5.5.3).</summary>
    Pong = 0xA,
}
