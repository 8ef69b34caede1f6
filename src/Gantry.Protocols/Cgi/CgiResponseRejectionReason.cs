namespace Gantry.Protocols.Cgi;

/// <summary>
/// Why a CGI script's output was refused; one value per rule the parsers enforce, so the host can answer 502 and
/// log a line that tells the script's author what to fix. Wording in <see cref="CgiResponseRejectedException"/>.
/// </summary>
public enum CgiResponseRejectionReason
{
    /// <summary>The script closed its output without writing a byte (Apache: "End of script output before headers").</summary>
    EmptyOutput,

    /// <summary>The first line is blank: a head without any field (RFC 3875 §6.2 requires at least one).</summary>
    EmptyHead,

    /// <summary>The output ended inside the head, before its blank line (Apache: "Premature end of script headers").</summary>
    TruncatedHead,

    /// <summary>No blank line within the head limit (uWSGI's <c>cgi-buffer-size</c>, 64 KiB by default).</summary>
    HeadTooLarge,

    /// <summary>More field lines than <see cref="CgiResponseHeadParser.MaxHeaderCount"/>.</summary>
    TooManyHeaderFields,

    /// <summary>
    /// A control byte (NUL, ESC, …) before any colon of a line: the script wrote binary data (compressed or image
    /// output) without a head, or its head is corrupt. Decided as soon as the byte arrives.
    /// </summary>
    BinaryOutput,

    /// <summary>A line without a colon: the script wrote text before (or instead of) its head (Apache: "Bad header").</summary>
    MissingFieldColon,

    /// <summary>
    /// The first line is an HTTP status line (<c>HTTP/1.1 200 OK</c>): the script writes a whole HTTP response, which
    /// only NPH scripts (named <c>nph-…</c>, RFC 3875 §5) may do; others say <c>Status: 200 OK</c>.
    /// </summary>
    StatusLineWithoutNph,

    /// <summary>A field name that is empty or not a token (RFC 3875 §6.3, RFC 9110 §5.1).</summary>
    InvalidFieldName,

    /// <summary>A line starting with whitespace: obs-fold, refused by a gateway with 502 (RFC 9112 §5.2).</summary>
    ObsoleteLineFolding,

    /// <summary>A field value holding a control byte other than HTAB, a CR inside a line included (RFC 9110 §5.5).</summary>
    InvalidFieldValue,

    /// <summary>A Status value that is not a final status code (200–599) and an optional reason phrase (RFC 3875 §6.3.3).</summary>
    InvalidStatus,

    /// <summary>Two Status fields with different values.</summary>
    ConflictingStatus,

    /// <summary>An empty Location, or one holding whitespace: no URI-reference (RFC 3875 §6.3.2, RFC 3986 §4.1).</summary>
    InvalidLocation,

    /// <summary>Two Location fields with different values.</summary>
    ConflictingLocation,

    /// <summary>Two Content-Type fields with different values (RFC 9110 §5.3: Content-Type is not a list).</summary>
    ConflictingContentType,

    /// <summary>An NPH script's first line is not <c>HTTP/1.x NNN [reason]</c> (RFC 9112 §4).</summary>
    InvalidNphStatusLine,
}
