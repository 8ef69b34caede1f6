namespace Gantry.Python.Wsgi;

/// <summary>
/// What start_response accepts (PEP 3333 "The start_response() Callable"), on latin-1 bytes: no I/O, no Python.
/// </summary>
internal static class WsgiHeaderRules
{
    // RFC 9110 §5.6.2: token = 1*tchar; tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
    // "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    // Searched with SearchValues (vectorised): a per-byte loop was a tenth of an ASGI hello's response handling.
    private static readonly System.Buffers.SearchValues<byte> TokenBytes =
        System.Buffers.SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // Control characters but horizontal tab, and DEL.
    private static readonly System.Buffers.SearchValues<byte> ControlBytes = System.Buffers.SearchValues.Create(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0A\x0B\x0C\x0D\x0E\x0F\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1A\x1B\x1C\x1D\x1E\x1F\x7F"u8);

    // Bit n set when a hop-by-hop name is n bytes long (2, 7, 8, 10, 17, 18, 19): most names are none of them.
    private const uint HopByHopLengths = (1u << 2) | (1u << 7) | (1u << 8) | (1u << 10) | (1u << 17) | (1u << 18) | (1u << 19);

    // PEP 3333: "applications and middleware are forbidden from using HTTP/1.1 hop-by-hop features or headers"
    // (the list of wsgiref.util.is_hop_by_hop, RFC 2616 §13.5.1).
    private static readonly byte[][] HopByHop =
    [
        "connection"u8.ToArray(), "keep-alive"u8.ToArray(), "proxy-authenticate"u8.ToArray(),
        "proxy-authorization"u8.ToArray(), "te"u8.ToArray(), "trailers"u8.ToArray(),
        "transfer-encoding"u8.ToArray(), "upgrade"u8.ToArray(),
    ];

    /// <summary>How many hop-by-hop names <see cref="HopByHopIndex"/> knows.</summary>
    public static int HopByHopCount => HopByHop.Length;

    /// <summary>
    /// "NNN reason": three digits, then nothing or a space and a reason without control characters
    /// (PEP 3333: "It must not contain control characters, and must not be terminated with a carriage return
    /// or linefeed").
    /// </summary>
    public static bool IsValidStatus(ReadOnlySpan<byte> status)
    {
        if (status.Length < 3 || !char.IsAsciiDigit((char)status[0]) || !char.IsAsciiDigit((char)status[1]) || !char.IsAsciiDigit((char)status[2]))
        {
            return false;
        }
        if (status[0] == (byte)'0')
        {
            return false;
        }
        if (status.Length == 3)
        {
            return true;
        }
        return status[3] == (byte)' ' && !ContainsControl(status[4..]);
    }

    /// <summary>A header name must be an RFC 9110 token.</summary>
    public static bool IsValidName(ReadOnlySpan<byte> name) => !name.IsEmpty && name.IndexOfAnyExcept(TokenBytes) < 0;

    /// <summary>
    /// PEP 3333: "Each header_value must not include any control characters, including carriage returns or
    /// linefeeds". Horizontal tab stays allowed, as RFC 9110 §5.5 allows it inside field values.
    /// </summary>
    public static bool IsValidValue(ReadOnlySpan<byte> value) => !ContainsControl(value);

    /// <summary>The index of a hop-by-hop header name (case-insensitive), or -1.</summary>
    public static int HopByHopIndex(ReadOnlySpan<byte> name)
    {
        if (name.Length >= 32 || (HopByHopLengths & (1u << name.Length)) == 0)
        {
            return -1;
        }
        for (var i = 0; i < HopByHop.Length; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, HopByHop[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>True for Content-Length, whatever its case.</summary>
    public static bool IsContentLength(ReadOnlySpan<byte> name) => System.Text.Ascii.EqualsIgnoreCase(name, "content-length"u8);

    /// <summary>Parses a Content-Length value (digits only, no sign); false when it is not one.</summary>
    public static bool TryParseContentLength(ReadOnlySpan<byte> value, out long length)
    {
        value = value.Trim((byte)' ');
        length = 0;
        if (value.IsEmpty || value.Length > 18)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit((char)c))
            {
                return false;
            }
            length = (length * 10) + (c - '0');
        }
        return true;
    }

    private static bool ContainsControl(ReadOnlySpan<byte> text) => text.IndexOfAny(ControlBytes) >= 0;
}
