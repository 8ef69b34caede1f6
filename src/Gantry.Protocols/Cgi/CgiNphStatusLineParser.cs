using Gantry.Protocols.Http;

namespace Gantry.Protocols.Cgi;

/// <summary>
/// Reads the first line of an NPH script's output (RFC 3875 §5: a script named <c>nph-…</c> writes the whole HTTP
/// response, which the server passes on unparsed). Sans-IO: the caller offers the bytes read so far and may pass
/// them on once this returns true, or answer 502 when it throws.
/// </summary>
/// <remarks>
/// Lenient where it costs nothing, since nothing is rewritten: the line may end in LF as well as CR LF, and the space
/// after the code may be left out with the phrase. Refused: a version other than HTTP/1.0 and HTTP/1.1 (the line
/// goes to an HTTP/1.x client as it is) and a code outside 100–599 (RFC 9110 §15).
/// </remarks>
public static class CgiNphStatusLineParser
{
    private const int VersionLength = 8;
    private const int CodeStart = VersionLength + 1;
    private const int StatusCodeLength = 3;
    private const int CodeEnd = CodeStart + StatusCodeLength;
    private const int LowestStatus = 100;
    private const int HighestStatus = 599;

    private static ReadOnlySpan<byte> VersionPrefix => "HTTP/1."u8;

    //   status-line = HTTP-version SP status-code SP [ reason-phrase ] NL      (RFC 9112 §4)
    //                 | HTTP/1.1 |SP| 404 |SP| Not Found |CR LF|
    //   HTTP-version = "HTTP/1.0" / "HTTP/1.1"                  NL = CR LF | LF (as in RFC 3875 §6.3)

    /// <summary>Reads the status line at the start of <paramref name="output"/>.</summary>
    /// <param name="output">The bytes read from the script so far.</param>
    /// <param name="maxLineLength">The longest line accepted, its end included.</param>
    /// <param name="endOfOutput">True once the script closed its output: an incomplete line is then refused.</param>
    /// <param name="statusLine">The line's parts when true is returned.</param>
    /// <param name="consumed">The line's length, its end included, when true is returned; else 0.</param>
    /// <returns>true when the line is complete; false when more bytes are needed.</returns>
    /// <exception cref="CgiResponseRejectedException">Not a status line; answer 502.</exception>
    public static bool TryParse(ReadOnlySpan<byte> output, int maxLineLength, bool endOfOutput, out CgiNphStatusLine statusLine, out int consumed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineLength);
        statusLine = default;
        consumed = 0;
        var view = output.Length > maxLineLength ? output[..maxLineLength] : output;

        // Decided by the prefix, so output that is no response at all (a binary blob) is refused at once.
        int known = Math.Min(view.Length, VersionPrefix.Length);
        if (!view[..known].SequenceEqual(VersionPrefix[..known]))
        {
            CgiResponseRejectedException.Throw(CgiResponseRejectionReason.InvalidNphStatusLine);
        }

        int lineFeed = view.IndexOf(HttpSyntax.LineFeed);
        if (lineFeed < 0)
        {
            if (output.Length >= maxLineLength)
            {
                CgiResponseRejectedException.Throw(CgiResponseRejectionReason.HeadTooLarge);
            }

            if (endOfOutput)
            {
                CgiResponseRejectedException.Throw(output.IsEmpty
                    ? CgiResponseRejectionReason.EmptyOutput
                    : CgiResponseRejectionReason.TruncatedHead);
            }

            return false;
        }

        int end = lineFeed > 0 && view[lineFeed - 1] == HttpSyntax.CarriageReturn ? lineFeed - 1 : lineFeed;
        statusLine = Parse(view[..end]);
        consumed = lineFeed + 1;
        return true;
    }

    private static CgiNphStatusLine Parse(ReadOnlySpan<byte> line)
    {
        if (line.Length < CodeEnd || line[VersionLength] != HttpSyntax.Space
            || (line.Length > CodeEnd && line[CodeEnd] != HttpSyntax.Space)
            || line.ContainsAny(HttpSyntax.InvalidValueCharacters))
        {
            CgiResponseRejectedException.Throw(CgiResponseRejectionReason.InvalidNphStatusLine);
        }

        var version = line[VersionLength - 1] switch
        {
            (byte)'0' => HttpVersion.Http10,
            (byte)'1' => HttpVersion.Http11,
            _ => Invalid<HttpVersion>(),
        };

        int code = 0;
        foreach (byte digit in line[CodeStart..CodeEnd])
        {
            code = char.IsAsciiDigit((char)digit) ? (code * 10) + (digit - '0') : Invalid<int>();
        }

        if (code is < LowestStatus or > HighestStatus)
        {
            CgiResponseRejectedException.Throw(CgiResponseRejectionReason.InvalidNphStatusLine);
        }

        int reasonStart = Math.Min(CodeEnd + 1, line.Length);
        return new CgiNphStatusLine(version, code, reasonStart..line.Length);
    }

    private static T Invalid<T>()
    {
        CgiResponseRejectedException.Throw(CgiResponseRejectionReason.InvalidNphStatusLine);
        return default!;
    }
}
