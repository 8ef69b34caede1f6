using System.Text;
using Gantry.Protocols.Http;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// Checks the opening handshake of RFC 6455 §4.2.1 strictly, after daphne's CVE-2026-44546 (header smuggling on the
/// upgrade): a websocket upgrade is a GET over HTTP/1.1 with exactly one <c>Upgrade</c> field whose only token is
/// <c>websocket</c>, exactly one <c>Connection</c> field holding <c>upgrade</c>, exactly one <c>Sec-WebSocket-Version:
/// 13</c>, exactly one <c>Sec-WebSocket-Key</c> that is base64 of 16 bytes, and no body framing at all (no
/// Content-Length, no Transfer-Encoding): any of these repeated, ambiguous or missing is a rejection, never a guess.
/// Called only when <see cref="HttpRequestHead.HasUpgrade"/>; sans-IO, no allocation.
/// </summary>
public static class WebSocketUpgradeValidator
{
    /// <summary>Classifies the request; <paramref name="reason"/> says why when it is rejected, <paramref name="key"/> is the key's range when valid.</summary>
    public static WebSocketUpgradeCheck Check(ReadOnlySpan<byte> buffer, HttpRequestHead head, out Range key, out string? reason)
    {
        key = default;
        reason = null;
        int upgrades = 0, connections = 0, versions = 0, keys = 0;
        var upgradeIsWebSocket = false;
        var asksWebSocket = false;
        var connectionUpgrade = false;
        var versionOk = false;
        var framing = false;
        for (var i = 0; i < head.HeaderCount; i++)
        {
            var name = buffer[head.HeaderName(i)];
            var value = buffer[head.HeaderValue(i)];
            switch (name.Length)
            {
                case 7 when Ascii.EqualsIgnoreCase(name, "Upgrade"u8):
                    upgrades++;
                    asksWebSocket |= WebSocketHandshake.HasToken(value, "websocket"u8);
                    upgradeIsWebSocket = Ascii.EqualsIgnoreCase(value, "websocket"u8);
                    break;
                case 10 when Ascii.EqualsIgnoreCase(name, "Connection"u8):
                    connections++;
                    connectionUpgrade = WebSocketHandshake.HasToken(value, "upgrade"u8);
                    break;
                case 21 when Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Version"u8):
                    versions++;
                    versionOk = value.SequenceEqual("13"u8);
                    break;
                case 17 when Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Key"u8):
                    keys++;
                    key = head.HeaderValue(i);
                    break;
                case 14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8):
                case 17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8):
                    framing = true;
                    break;
            }
        }
        if (!asksWebSocket)
        {
            return WebSocketUpgradeCheck.NotWebSocket;
        }
        reason = upgrades != 1 || !upgradeIsWebSocket ? "Upgrade must be one field holding only 'websocket'"
            : connections != 1 || !connectionUpgrade ? "Connection must be one field holding 'upgrade'"
            : versions != 1 || !versionOk ? "Sec-WebSocket-Version must be one field, 13"
            : keys != 1 || !WebSocketHandshake.IsValidKey(buffer[key]) ? "Sec-WebSocket-Key must be one field, the base64 of 16 bytes"
            : framing ? "an upgrade request carries no Content-Length or Transfer-Encoding"
            : head.Version != HttpVersion.Http11 ? "an upgrade needs HTTP/1.1"
            : !buffer[head.Method].SequenceEqual("GET"u8) ? "an upgrade is a GET"
            : null;
        return reason is null ? WebSocketUpgradeCheck.Valid : WebSocketUpgradeCheck.Rejected;
    }
}
