using Gantry.Protocols.Http;

namespace Gantry.Protocols.Cgi;

/// <summary>
/// Sans-IO parser of the head a CGI script writes on its standard output (RFC 3875 §6). It reads a contiguous
/// buffer that begins with the output, never blocks, never allocates on the happy path, and either reports "need
/// more bytes", fills a <see cref="CgiResponseHead"/>, or throws <see cref="CgiResponseRejectedException"/>.
/// </summary>
/// <remarks>
/// Decisions where the RFC or the peers leave a choice (uWSGI 2.0 <c>plugins/cgi/cgi_plugin.c</c>
/// <c>uwsgi_cgi_parse</c>; Apache 2.4 <c>server/util_script.c</c> <c>ap_scan_script_header_err_core_ex</c> and
/// <c>mod_cgi</c>'s handler):
/// <list type="bullet">
/// <item>Lines end in LF or CR LF, mixed freely (§6.3: NL = CR LF | LF; shell scripts print "\n"); both peers agree.</item>
/// <item>Neither Content-Type nor Location: a 200 document without Content-Type, as both peers serve it (the RFC
/// requires Content-Type in a document; neither peer checks, and neither adds one).</item>
/// <item>Status may come anywhere in the head (uWSGI only honours it as the first line) and an explicit Status wins
/// over Location's default 302 (uWSGI and nginx alike; Apache turns <c>Status: 200</c> with Location into 302).</item>
/// <item>A local redirect only in the RFC's exact form, one field. Apache re-dispatches any "/…" Location whose status
/// is 200 and drops the other fields, which let a header injected into Location reach internal handlers ("Confusion
/// Attacks", Orange Tsai, 2024); uWSGI never re-dispatches. A "/…" Location with other fields is sent to the client.</item>
/// <item>Whitespace between a name and its colon is removed, as RFC 9112 §5.1 requires of a proxy for responses
/// (Apache keeps it in the name, uWSGI passes the line as it is).</item>
/// <item>Status, Location or Content-Type given twice: a repeat with the same value is dropped, a different one is
/// refused (Apache keeps the last, uWSGI sends both to the client, which then picks one).</item>
/// <item>Refused, with a reason each: no output, a blank first line (Apache answers an empty 200, uWSGI writes no
/// status line at all), output ending inside the head, a line without a colon (both peers refuse it), binary data,
/// obs-fold (RFC 9112 §5.2 lets a gateway answer 502), an invalid Status (Apache logs it and goes on).</item>
/// <item>The result does not depend on how the bytes were split across calls: every check is made on complete lines
/// in order, except the obs-fold and control-byte checks, which are decided by the prefix they need.</item>
/// </list>
/// </remarks>
public static partial class CgiResponseHeadParser
{
    /// <summary>uWSGI's <c>cgi-buffer-size</c> default: the head (and anything read with it) must fit in it.</summary>
    public const int DefaultMaxHeadLength = 65536;

    /// <summary>The most field lines a head may carry; bounds the memory a head holds.</summary>
    public const int MaxHeaderCount = 256;

    //   CGI-Response = header-section NL [ response-body ]           (RFC 3875 §6.1, §6.3)
    //   header-field = field-name ":" [ field-value ] NL              field-name = token
    //   NL           = CR LF | LF
    //
    //                  | Status |:|SP| 404 Not Found |LF|
    //                  | Content-Type |:|SP| text/html |CR LF|
    //                  |LF|                                          ; the blank line ends the head
    //                  | <html>...                                   ; body bytes start at `consumed`
    //
    // The head may not exceed maxHeadLength bytes: only that much of the buffer is ever looked at, so an over-long
    // head is refused whether it arrives at once or byte by byte.

    /// <summary>
    /// Parses the head at the start of <paramref name="buffer"/>. Call again with the same buffer, grown, after more
    /// bytes arrive: lines already validated are not scanned again.
    /// </summary>
    /// <param name="buffer">The bytes read from the script so far; its output starts at index 0.</param>
    /// <param name="maxHeadLength">The longest head accepted, line ends included (<see cref="DefaultMaxHeadLength"/>).</param>
    /// <param name="endOfOutput">True once the script closed its output: an incomplete head is then refused.</param>
    /// <param name="head">Receives the result; reset automatically when a new head starts.</param>
    /// <param name="consumed">The head's length (body bytes start there) when true is returned; else 0.</param>
    /// <returns>true when the head is complete; false when more bytes are needed.</returns>
    /// <exception cref="CgiResponseRejectedException">The output cannot become a response; answer 502.</exception>
    public static bool TryParse(ReadOnlySpan<byte> buffer, int maxHeadLength, bool endOfOutput, CgiResponseHead head, out int consumed)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeadLength);
        if (head.IsComplete || head.IsRejected || buffer.Length < head.ScannedLength)
        {
            head.Reset();
        }

        try
        {
            if (TryParseHead(buffer, maxHeadLength, head, out consumed))
            {
                return true;
            }

            if (endOfOutput)
            {
                CgiResponseRejectedException.Throw(buffer.IsEmpty
                    ? CgiResponseRejectionReason.EmptyOutput
                    : CgiResponseRejectionReason.TruncatedHead);
            }

            return false;
        }
        catch (CgiResponseRejectedException)
        {
            // A rejected head may hold a half-applied line; the next call starts over rather than resume.
            head.IsRejected = true;
            throw;
        }
    }

    private static bool TryParseHead(ReadOnlySpan<byte> buffer, int maxHeadLength, CgiResponseHead head, out int consumed)
    {
        consumed = 0;
        var view = buffer.Length > maxHeadLength ? buffer[..maxHeadLength] : buffer;
        bool truncated = buffer.Length >= maxHeadLength;
        int position = head.ScannedLength;
        while (true)
        {
            int lineFeed = view[position..].IndexOf(HttpSyntax.LineFeed);
            if (lineFeed < 0)
            {
                CheckIncompleteLine(view[position..]);
                if (truncated)
                {
                    CgiResponseRejectedException.Throw(CgiResponseRejectionReason.HeadTooLarge);
                }

                return false;
            }

            int next = position + lineFeed + 1;
            int end = next - 1;
            if (end > position && view[end - 1] == HttpSyntax.CarriageReturn)
            {
                end--;
            }

            if (end == position)
            {
                FinishHead(view, head);
                consumed = next;
                head.ScannedLength = next;
                head.IsComplete = true;
                return true;
            }

            ParseFieldLine(view, position, end, head);
            position = next;
            head.ScannedLength = position;
        }
    }

    // What can be decided before the line ends: a leading SP/HTAB (obs-fold) and a control byte. A CR at the very
    // end may still be the first half of CR LF. Complete lines go through the same checks first, in the same
    // order, so the reason never depends on where a read happened to stop.
    private static void CheckIncompleteLine(ReadOnlySpan<byte> partial)
    {
        if (partial.IsEmpty)
        {
            return;
        }

        CheckLinePrefix(partial[^1] == HttpSyntax.CarriageReturn ? partial[..^1] : partial, partial[0]);
    }

    private static void CheckLinePrefix(ReadOnlySpan<byte> line, byte first)
    {
        if (first is HttpSyntax.Space or HttpSyntax.HorizontalTab)
        {
            CgiResponseRejectedException.Throw(CgiResponseRejectionReason.ObsoleteLineFolding);
        }

        int control = line.IndexOfAny(HttpSyntax.InvalidValueCharacters);
        if (control >= 0)
        {
            CgiResponseRejectedException.Throw(line[..control].Contains(HttpSyntax.Colon)
                ? CgiResponseRejectionReason.InvalidFieldValue
                : CgiResponseRejectionReason.BinaryOutput);
        }
    }
}
