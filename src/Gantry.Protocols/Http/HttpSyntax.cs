using System.Buffers;

namespace Gantry.Protocols.Http;

/// <summary>Byte classes and wire constants from the HTTP grammar (RFC 9110 §5.6, RFC 9112 §2).</summary>
internal static class HttpSyntax
{
    public const byte CarriageReturn = (byte)'\r';
    public const byte LineFeed = (byte)'\n';
    public const byte Space = (byte)' ';
    public const byte HorizontalTab = (byte)'\t';
    public const byte Colon = (byte)':';
    public const byte Comma = (byte)',';
    public const byte Semicolon = (byte)';';
    public const byte QuestionMark = (byte)'?';
    public const byte Slash = (byte)'/';
    public const byte Asterisk = (byte)'*';

    /// <summary>Both line-ending bytes, searched together so a bare CR or LF is found in the same pass.</summary>
    public static readonly SearchValues<byte> LineEndings = SearchValues.Create("\r\n"u8);

    /// <summary>OWS = *( SP / HTAB ) (RFC 9110 §5.6.3).</summary>
    public static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t"u8);

    /// <summary>tchar (RFC 9110 §5.6.2): the bytes of methods, field names and transfer codings.</summary>
    public static readonly SearchValues<byte> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// Bytes never allowed in a request-target: whitespace and controls (RFC 9112 §3.2). Bytes >= 0x80 pass,
    /// because clients do send raw UTF-8 paths and WSGI hands them to the application as latin-1.
    /// </summary>
    public static readonly SearchValues<byte> InvalidTargetCharacters = SearchValues.Create(ControlBytes(includeSpace: true, includeTab: true));

    /// <summary>
    /// Bytes never allowed in a field value: CTL except HTAB (RFC 9110 §5.5: field-vchar, SP, HTAB, obs-text);
    /// NUL, CR and LF among them, as §5.5 requires.
    /// </summary>
    public static readonly SearchValues<byte> InvalidValueCharacters = SearchValues.Create(ControlBytes(includeSpace: false, includeTab: false));

    /// <summary>
    /// uri-host [ ":" port ] characters (RFC 3986 §3.2.2): unreserved, pct-encoded, sub-delims, ':' and the
    /// brackets of an IP-literal.
    /// </summary>
    public static readonly SearchValues<byte> HostCharacters =
        SearchValues.Create("!$%&'()*+,-.0123456789:;=ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz~"u8);

    /// <summary>Whether <paramref name="value"/> is a non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<byte> value) => value.Length > 0 && !value.ContainsAnyExcept(TokenCharacters);

    /// <summary>Removes leading and trailing OWS.</summary>
    public static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> value)
    {
        int start = value.IndexOfAnyExcept(Whitespace);
        if (start < 0)
        {
            return [];
        }

        int end = value.LastIndexOfAnyExcept(Whitespace);
        return value[start..(end + 1)];
    }

    /// <summary>The value of a HEXDIG, or -1.</summary>
    public static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static byte[] ControlBytes(bool includeSpace, bool includeTab)
    {
        var bytes = new List<byte>();
        for (int b = 0; b < 0x20; b++)
        {
            if (b != HorizontalTab || includeTab)
            {
                bytes.Add((byte)b);
            }
        }

        if (includeSpace)
        {
            bytes.Add(Space);
        }

        bytes.Add(0x7F);
        return [.. bytes];
    }
}
