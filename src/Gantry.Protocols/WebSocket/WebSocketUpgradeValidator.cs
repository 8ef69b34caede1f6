using Gantry.Protocols.Http;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// Checks the opening handshake of RFC 6455 §4.2.1 strictly, after daphne's CVE-2026-44546 (header smuggling on the
/// upgrade): a websocket upgrade is a GET over HTTP/1.1 with exactly one <c>Upgrade</c> field whose only token is
/// <c>websocket</c>, exactly one <c>Connection</c> field holding <c>upgrade</c>, exactly one <c>Sec-WebSocket-Version:
/// 13</c>, exactly one <c>Sec-WebSocket-Key</c> that is base64 of 16 bytes, and no body framing at all (no
/// Content-Length, no Transfer-Encoding): any of these repeated, ambiguous or missing is a rejection, never a guess.
/// Called only when <see cref="HttpRequestHead.HasUpgrade"/>; sans-IO, no allocation. The rules are
/// <see cref="WebSocketUpgradeFields"/>'s, which the Kestrel front (HTTPS) applies to its own parsed head.
/// </summary>
public static class WebSocketUpgradeValidator
{
    /// <summary>Classifies the request; <paramref name="reason"/> says why when it is rejected, <paramref name="key"/> is the key's range when valid.</summary>
    public static WebSocketUpgradeCheck Check(ReadOnlySpan<byte> buffer, HttpRequestHead head, out Range key, out string? reason)
    {
        key = default;
        var fields = new WebSocketUpgradeFields();
        for (var i = 0; i < head.HeaderCount; i++)
        {
            if (fields.Add(buffer[head.HeaderName(i)], buffer[head.HeaderValue(i)]))
            {
                key = head.HeaderValue(i);
            }
        }
        return fields.Judge(head.Version == HttpVersion.Http11, buffer[head.Method].SequenceEqual("GET"u8), out reason);
    }
}
