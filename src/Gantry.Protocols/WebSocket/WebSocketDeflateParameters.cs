namespace Gantry.Protocols.WebSocket;

/// <summary>
/// What a permessage-deflate offer (RFC 7692 §7.1) that the server accepted asks of each side. The window is always 15
/// bits: the server declines an offer whose server_max_window_bits is smaller (System.IO.Compression has no window
/// setting), which §7.1.2.1 allows, and inflates whatever window the client uses (at most 15).
/// </summary>
/// <param name="ServerNoContextTakeover">The client asked the server to compress each message alone (§7.1.1.1).</param>
/// <param name="ClientNoContextTakeover">The client said it compresses each message alone (§7.1.1.2); the server's
/// inflater keeps its window anyway, which is harmless.</param>
public readonly record struct WebSocketDeflateParameters(bool ServerNoContextTakeover, bool ClientNoContextTakeover);
