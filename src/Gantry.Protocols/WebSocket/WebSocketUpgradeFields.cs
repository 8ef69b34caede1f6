using System.Text;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// The header fields an opening handshake is judged by (RFC 6455 §4.2.1), gathered one field at a time by whichever
/// front parsed the head (<see cref="WebSocketUpgradeValidator"/> for the HTTP front's own parser, Kestrel's header
/// dictionary for HTTPS), then judged once by <see cref="Judge"/>: the same strict rules on every front.
/// </summary>
public struct WebSocketUpgradeFields
{
    private int _upgrades;
    private int _connections;
    private int _versions;
    private int _keys;
    private bool _upgradeIsWebSocket;
    private bool _asksWebSocket;
    private bool _connectionUpgrade;
    private bool _versionOk;
    private bool _keyOk;
    private bool _framing;

    /// <summary>Takes one header field into account; true when it is the Sec-WebSocket-Key (the caller may keep its value).</summary>
    public bool Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        switch (name.Length)
        {
            case 7 when Ascii.EqualsIgnoreCase(name, "Upgrade"u8):
                _upgrades++;
                _asksWebSocket |= WebSocketHandshake.HasToken(value, "websocket"u8);
                _upgradeIsWebSocket = Ascii.EqualsIgnoreCase(value, "websocket"u8);
                return false;
            case 10 when Ascii.EqualsIgnoreCase(name, "Connection"u8):
                _connections++;
                _connectionUpgrade = WebSocketHandshake.HasToken(value, "upgrade"u8);
                return false;
            case 21 when Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Version"u8):
                _versions++;
                _versionOk = value.SequenceEqual("13"u8);
                return false;
            case 17 when Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Key"u8):
                _keys++;
                _keyOk = WebSocketHandshake.IsValidKey(value);
                return true;
            case 14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8):
            case 17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8):
                _framing = true;
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Classifies the request from the fields added; <paramref name="reason"/> says why when it is rejected.
    /// <paramref name="http11"/>: the request line said HTTP/1.1; <paramref name="get"/>: its method is GET.
    /// </summary>
    public readonly WebSocketUpgradeCheck Judge(bool http11, bool get, out string? reason)
    {
        reason = null;
        if (!_asksWebSocket)
        {
            return WebSocketUpgradeCheck.NotWebSocket;
        }
        reason = _upgrades != 1 || !_upgradeIsWebSocket ? "Upgrade must be one field holding only 'websocket'"
            : _connections != 1 || !_connectionUpgrade ? "Connection must be one field holding 'upgrade'"
            : _versions != 1 || !_versionOk ? "Sec-WebSocket-Version must be one field, 13"
            : _keys != 1 || !_keyOk ? "Sec-WebSocket-Key must be one field, the base64 of 16 bytes"
            : _framing ? "an upgrade request carries no Content-Length or Transfer-Encoding"
            : !http11 ? "an upgrade needs HTTP/1.1"
            : !get ? "an upgrade is a GET"
            : null;
        return reason is null ? WebSocketUpgradeCheck.Valid : WebSocketUpgradeCheck.Rejected;
    }
}
