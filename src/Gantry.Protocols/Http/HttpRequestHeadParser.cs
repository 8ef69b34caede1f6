namespace Gantry.Protocols.Http;

/// <summary>
/// Sans-IO parser of an HTTP/1.1 request head (RFC 9112 §2–§6). It reads a contiguous buffer that begins
/// with the request, never blocks, never allocates on the happy path, and either reports "need more bytes",
/// fills an <see cref="HttpRequestHead"/>, or throws <see cref="HttpRequestRejectedException"/>.
/// </summary>
/// <remarks>
/// Decisions where the RFC leaves a choice:
/// <list type="bullet">
/// <item>Lines end in CRLF only. RFC 9112 §2.2 lets a recipient accept a bare LF; Gantry rejects it, since a
/// proxy in front that splits lines differently is a request-smuggling vector.</item>
/// <item>One empty line before the request line is ignored (§2.2); a second one is rejected.</item>
/// <item>CONNECT is answered 405: Gantry is an origin server, not a tunnel. The response must carry Allow.</item>
/// <item>The result does not depend on how the bytes were split across calls: every check is made on complete
/// lines, in order, except the method check, which is decided by the prefix it needs.</item>
/// </list>
/// </remarks>
public static partial class HttpRequestHeadParser
{
    /// <summary>The most field lines a head may carry; more is answered 431.</summary>
    public const int MaxHeaderCount = 100;

    private const int LineEndingLength = 2;

    //   request-head  = [ CRLF ]                                    ; one leading empty line, ignored (§2.2)
    //                   request-line CRLF
    //                   *( field-line CRLF )
    //                   CRLF
    //
    //   request-line  = method SP request-target SP HTTP-version
    //                   | GET |SP| /path?query |SP| HTTP/1.1 |CRLF|
    //   field-line    = field-name ":" OWS field-value OWS
    //                   | Host |:|SP| example.com |CRLF|
    //                   |CRLF|                                      ; the empty line ends the head
    //
    // The head may not exceed maxHeadLength bytes: only that much of the buffer is ever looked at, so an
    // over-long head is refused whether it arrives at once or byte by byte.

    /// <summary>
    /// Parses the request head at the start of <paramref name="buffer"/>. Call again with the same buffer,
    /// grown, after more bytes arrive: lines already validated are not scanned again.
    /// </summary>
    /// <param name="buffer">The received bytes; the request starts at index 0.</param>
    /// <param name="maxHeadLength">The longest head accepted, CRLFs included.</param>
    /// <param name="head">Receives the offsets; reset automatically when a new head starts.</param>
    /// <param name="consumed">The head's length (body bytes start there) when true is returned; else 0.</param>
    /// <returns>true when the head is complete; false when more bytes are needed.</returns>
    /// <exception cref="HttpRequestRejectedException">The head breaks a rule; the connection must close.</exception>
    public static bool TryParse(ReadOnlySpan<byte> buffer, int maxHeadLength, HttpRequestHead head, out int consumed)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeadLength);
        consumed = 0;
        if (head.IsComplete || head.IsRejected || buffer.Length < head.ScannedLength)
        {
            head.Reset();
        }

        try
        {
            return TryParseHead(buffer, maxHeadLength, head, out consumed);
        }
        catch (HttpRequestRejectedException)
        {
            // A rejected head may hold a half-applied line; the next call starts over rather than resume.
            head.IsRejected = true;
            throw;
        }
    }

    private static bool TryParseHead(ReadOnlySpan<byte> buffer, int maxHeadLength, HttpRequestHead head, out int consumed)
    {
        consumed = 0;
        var view = buffer.Length > maxHeadLength ? buffer[..maxHeadLength] : buffer;
        bool truncated = buffer.Length >= maxHeadLength;
        if (!head.RequestLineParsed && !TryParseRequestLine(view, head))
        {
            return NeedMore(truncated);
        }

        int position = head.ScannedLength;
        while (true)
        {
            int lineEnd = FindLineEnd(view, position);
            if (lineEnd < 0)
            {
                return NeedMore(truncated);
            }

            if (lineEnd == position)
            {
                FinishHead(head);
                consumed = lineEnd + LineEndingLength;
                head.ScannedLength = consumed;
                head.IsComplete = true;
                return true;
            }

            ParseFieldLine(view, position, lineEnd, head);
            position = lineEnd + LineEndingLength;
            head.ScannedLength = position;
        }
    }

    private static bool NeedMore(bool truncated)
    {
        if (truncated)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.HeadTooLarge);
        }

        return false;
    }

    /// <summary>
    /// Finds the CR of the CRLF that ends the line starting at <paramref name="start"/>; -1 when the line is
    /// not complete yet. One vectorized search finds CR and LF together, so a bare one cannot slip by.
    /// </summary>
    private static int FindLineEnd(ReadOnlySpan<byte> view, int start)
    {
        int offset = view[start..].IndexOfAny(HttpSyntax.LineEndings);
        if (offset < 0)
        {
            return -1;
        }

        int index = start + offset;
        if (view[index] == HttpSyntax.LineFeed)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.BareLineFeed);
        }

        if (index + 1 == view.Length)
        {
            return -1;
        }

        if (view[index + 1] != HttpSyntax.LineFeed)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.BareCarriageReturn);
        }

        return index;
    }
}
