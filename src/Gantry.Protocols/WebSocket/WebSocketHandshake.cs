using System.Security.Cryptography;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// The opening handshake's checks and answer (RFC 6455 §4.2.1, §4.2.2): a GET with <c>Upgrade: websocket</c>,
/// <c>Connection</c> holding the <c>upgrade</c> token, <c>Sec-WebSocket-Version: 13</c> and a <c>Sec-WebSocket-Key</c>
/// that is the base64 of 16 bytes; the answer's <c>Sec-WebSocket-Accept</c> is base64(SHA-1(key + GUID)).
/// </summary>
public static class WebSocketHandshake
{
    /// <summary>The GUID of §1.3.</summary>
    private static ReadOnlySpan<byte> Guid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>The length of a valid Sec-WebSocket-Key (base64 of 16 bytes) and of the accept value.</summary>
    public const int KeyLength = 24;

    /// <summary>The accept value's length (base64 of 20 bytes).</summary>
    public const int AcceptLength = 28;

    /// <summary>True when <paramref name="key"/> is the base64 of exactly 16 bytes (§4.1, §4.2.1 item 5).</summary>
    public static bool IsValidKey(ReadOnlySpan<byte> key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == KeyLength
            && System.Buffers.Text.Base64.DecodeFromUtf8(key, decoded, out var used, out var written) == System.Buffers.OperationStatus.Done
            && used == KeyLength && written == 16;
    }

    /// <summary>Writes the Sec-WebSocket-Accept for <paramref name="key"/> into <paramref name="destination"/> (28 bytes).</summary>
    public static void WriteAccept(ReadOnlySpan<byte> key, Span<byte> destination)
    {
        Span<byte> joined = stackalloc byte[KeyLength + 36];
        key.CopyTo(joined);
        Guid.CopyTo(joined[key.Length..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 6455 §4.2.2 prescribes; it proves nothing about security here.
        SHA1.HashData(joined[..(key.Length + Guid.Length)], hash);
#pragma warning restore CA5350
        System.Buffers.Text.Base64.EncodeToUtf8(hash, destination, out _, out _);
    }

    /// <summary>True when a comma-separated header value (Connection, Upgrade) holds <paramref name="token"/>, any case.</summary>
    public static bool HasToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (System.Text.Ascii.EqualsIgnoreCase(value[range].Trim((byte)' ').Trim((byte)'\t'), token))
            {
                return true;
            }
        }
        return false;
    }
}
