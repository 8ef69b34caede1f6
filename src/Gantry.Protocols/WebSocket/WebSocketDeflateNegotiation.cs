using System.Text;
using Gantry.Protocols.Http;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// The server's side of permessage-deflate's negotiation (RFC 7692 §5, §7.1), sans-IO. The client lists offers in
/// <c>Sec-WebSocket-Extensions</c> (one or more fields, offers separated by commas, parameters by semicolons):
/// <code>
/// Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, permessage-deflate
/// </code>
/// The first acceptable permessage-deflate offer wins. An offer is declined (§5: "MUST decline") when a parameter is
/// unknown, repeated or has a bad value, and also when it asks for a server window under 15 bits (which Gantry cannot
/// produce). The answer names the extension and, when the client asked for it, <c>server_no_context_takeover</c>.
/// </summary>
public static class WebSocketDeflateNegotiation
{
    /// <summary>The longest answer line <see cref="WriteResponseHeader"/> writes.</summary>
    public const int MaxResponseHeaderLength = 80;

    private static ReadOnlySpan<byte> ExtensionName => "permessage-deflate"u8;

    /// <summary>Looks at every Sec-WebSocket-Extensions field of the request; true with the parameters of the first acceptable offer.</summary>
    public static bool TryAccept(ReadOnlySpan<byte> buffer, HttpRequestHead head, out WebSocketDeflateParameters parameters)
    {
        for (var i = 0; i < head.HeaderCount; i++)
        {
            var name = buffer[head.HeaderName(i)];
            if (name.Length == 24 && Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Extensions"u8)
                && TryAcceptField(buffer[head.HeaderValue(i)], out parameters))
            {
                return true;
            }
        }
        parameters = default;
        return false;
    }

    /// <summary>One field's value: true with the parameters of its first acceptable permessage-deflate offer.</summary>
    public static bool TryAcceptField(ReadOnlySpan<byte> value, out WebSocketDeflateParameters parameters)
    {
        foreach (var offer in value.Split((byte)','))
        {
            if (TryAcceptOffer(value[offer], out parameters))
            {
                return true;
            }
        }
        parameters = default;
        return false;
    }

    /// <summary>One offer (<c>name; param; param=value</c>): true when it is permessage-deflate and acceptable.</summary>
    public static bool TryAcceptOffer(ReadOnlySpan<byte> offer, out WebSocketDeflateParameters parameters)
    {
        parameters = default;
        bool serverNoTakeover = false, clientNoTakeover = false, serverBits = false, clientBits = false;
        var first = true;
        foreach (var range in offer.Split((byte)';'))
        {
            var part = Trim(offer[range]);
            if (first)
            {
                if (!Ascii.EqualsIgnoreCase(part, ExtensionName))
                {
                    return false;
                }
                first = false;
                continue;
            }
            var equals = part.IndexOf((byte)'=');
            var name = equals < 0 ? part : Trim(part[..equals]);
            var argument = equals < 0 ? default : Unquote(Trim(part[(equals + 1)..]));
            bool duplicate;
            if (Ascii.EqualsIgnoreCase(name, "server_no_context_takeover"u8) && equals < 0)
            {
                duplicate = serverNoTakeover;
                serverNoTakeover = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "client_no_context_takeover"u8) && equals < 0)
            {
                duplicate = clientNoTakeover;
                clientNoTakeover = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "server_max_window_bits"u8) && equals >= 0)
            {
                // §7.1.2.1: the server must use at most this window; zlib's windows below 15 bits are not reachable here.
                if (WindowBits(argument) != 15)
                {
                    return false;
                }
                duplicate = serverBits;
                serverBits = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "client_max_window_bits"u8))
            {
                // §7.1.2.2: with no value the client merely supports the parameter; a value bounds its own window.
                if (equals >= 0 && WindowBits(argument) < 0)
                {
                    return false;
                }
                duplicate = clientBits;
                clientBits = true;
            }
            else
            {
                return false;
            }
            if (duplicate)
            {
                return false;
            }
        }
        if (first)
        {
            return false;
        }
        parameters = new WebSocketDeflateParameters(serverNoTakeover, clientNoTakeover);
        return true;
    }

    /// <summary>Writes the answer's header line (with CRLF) into <paramref name="destination"/>; returns its length.</summary>
    public static int WriteResponseHeader(Span<byte> destination, WebSocketDeflateParameters parameters)
    {
        var value = ResponseValue(parameters);
        "Sec-WebSocket-Extensions: "u8.CopyTo(destination);
        value.CopyTo(destination[26..]);
        "\r\n"u8.CopyTo(destination[(26 + value.Length)..]);
        return 28 + value.Length;
    }

    /// <summary>The answer's Sec-WebSocket-Extensions value (for HTTP/2, where Kestrel writes the field: RFC 8441 §5 keeps the negotiation).</summary>
    public static ReadOnlySpan<byte> ResponseValue(WebSocketDeflateParameters parameters) =>
        parameters.ServerNoContextTakeover ? "permessage-deflate; server_no_context_takeover"u8 : "permessage-deflate"u8;

    /// <summary>8–15 as RFC 7692 §7.1.2 allows (1*DIGIT without a leading zero), else −1.</summary>
    private static int WindowBits(ReadOnlySpan<byte> text) =>
        text.Length switch
        {
            1 when text[0] is >= (byte)'8' and <= (byte)'9' => text[0] - '0',
            2 when text[0] == '1' && text[1] is >= (byte)'0' and <= (byte)'5' => 10 + text[1] - '0',
            _ => -1,
        };

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => text.Trim(" \t"u8);

    private static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
}
