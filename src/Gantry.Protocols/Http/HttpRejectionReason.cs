namespace Gantry.Protocols.Http;

/// <summary>
/// Why a request was refused; one value per rule the parsers enforce. The status code for each is given by
/// <see cref="HttpRequestRejectedException.GetStatusCode"/>.
/// </summary>
public enum HttpRejectionReason
{
    /// <summary>The method is empty or not a token (RFC 9110 §9.1) [400].</summary>
    InvalidMethod,

    /// <summary>The request line is not <c>method SP request-target SP HTTP-version</c> (RFC 9112 §3) [400].</summary>
    InvalidRequestLine,

    /// <summary>The target holds whitespace or control bytes, or is in no accepted form (RFC 9112 §3.2) [400].</summary>
    InvalidRequestTarget,

    /// <summary>The asterisk-form <c>*</c> used with a method other than OPTIONS (RFC 9112 §3.2.4) [400].</summary>
    AsteriskFormRequiresOptions,

    /// <summary>CONNECT (authority-form): Gantry is an origin server, not a tunnel (RFC 9110 §9.3.6) [405].</summary>
    ConnectMethodNotAllowed,

    /// <summary>The version is not <c>HTTP/DIGIT.DIGIT</c> (RFC 9112 §2.3) [400].</summary>
    InvalidHttpVersion,

    /// <summary>A well-formed version other than HTTP/1.0 and HTTP/1.1 (RFC 9110 §15.6.6) [505].</summary>
    HttpVersionNotSupported,

    /// <summary>A CR not followed by LF (RFC 9112 §2.2) [400].</summary>
    BareCarriageReturn,

    /// <summary>An LF not preceded by CR; Gantry does not take the leniency RFC 9112 §2.2 allows [400].</summary>
    BareLineFeed,

    /// <summary>More than the one empty line RFC 9112 §2.2 lets a server ignore before the request line [400].</summary>
    TooManyLeadingEmptyLines,

    /// <summary>A field line starting with whitespace: obs-fold, or whitespace after the start line (RFC 9112 §5.2, §2.2) [400].</summary>
    ObsoleteLineFolding,

    /// <summary>A field line without a colon (RFC 9112 §5) [400].</summary>
    MissingFieldColon,

    /// <summary>A field name that is empty or not a token (RFC 9110 §5.1) [400].</summary>
    InvalidFieldName,

    /// <summary>Whitespace between the field name and the colon (RFC 9112 §5.1) [400].</summary>
    WhitespaceBeforeColon,

    /// <summary>A field value holding NUL or another control byte except HTAB (RFC 9110 §5.5) [400].</summary>
    InvalidFieldValue,

    /// <summary>An HTTP/1.1 request without Host (RFC 9112 §3.2) [400].</summary>
    MissingHost,

    /// <summary>More than one Host field line (RFC 9112 §3.2) [400].</summary>
    DuplicateHost,

    /// <summary>A Host value that is not <c>uri-host [ ":" port ]</c> (RFC 9112 §3.2) [400].</summary>
    InvalidHost,

    /// <summary>A Content-Length that is not 1*DIGIT or a list of them (RFC 9110 §8.6) [400].</summary>
    InvalidContentLength,

    /// <summary>A Content-Length beyond a signed 64-bit integer (RFC 9110 §8.6) [400].</summary>
    ContentLengthOverflow,

    /// <summary>Content-Length values that differ (RFC 9112 §6.3 rule 5) [400].</summary>
    ConflictingContentLength,

    /// <summary>Both Transfer-Encoding and Content-Length: a request smuggling vector (RFC 9112 §6.3 rule 3) [400].</summary>
    ContentLengthWithTransferEncoding,

    /// <summary>A Transfer-Encoding value that is not a list of transfer codings (RFC 9112 §6.1) [400].</summary>
    InvalidTransferEncoding,

    /// <summary>Transfer-Encoding whose final coding is not chunked, in a request (RFC 9112 §6.3 rule 4) [400].</summary>
    TransferEncodingNotChunked,

    /// <summary>A transfer coding other than chunked, which Gantry does not decode (RFC 9112 §6.1) [501].</summary>
    UnsupportedTransferCoding,

    /// <summary>Transfer-Encoding in an HTTP/1.0 request, whose framing is then faulty (RFC 9112 §6.1) [400].</summary>
    TransferEncodingInHttp10,

    /// <summary>chunked applied more than once (RFC 9112 §6.1) [400].</summary>
    ChunkedAppliedMoreThanOnce,

    /// <summary>The request head is longer than the configured limit (RFC 6585 §5) [431].</summary>
    HeadTooLarge,

    /// <summary>More field lines than <see cref="HttpRequestHeadParser.MaxHeaderCount"/> (RFC 6585 §5) [431].</summary>
    TooManyHeaderFields,

    /// <summary>A chunk size that is empty or not hexadecimal (RFC 9112 §7.1) [400].</summary>
    InvalidChunkSize,

    /// <summary>A chunk size with more digits than <see cref="HttpChunkedDecoder.MaxChunkSizeDigits"/> or beyond 63 bits [400].</summary>
    ChunkSizeOverflow,

    /// <summary>A chunk extension that is malformed or holds control bytes (RFC 9112 §7.1.1) [400].</summary>
    InvalidChunkExtension,

    /// <summary>Chunk extensions longer than <see cref="HttpChunkedDecoder.MaxChunkExtensionLength"/> [400].</summary>
    ChunkExtensionTooLong,

    /// <summary>Chunk data not followed by CRLF (RFC 9112 §7.1) [400].</summary>
    MissingChunkDataTerminator,

    /// <summary>A trailer field line that is not <c>token ":" value</c> (RFC 9112 §7.1.2) [400].</summary>
    InvalidTrailerField,

    /// <summary>A trailer section longer than <see cref="HttpChunkedDecoder.MaxTrailerSectionLength"/> [431].</summary>
    TrailerSectionTooLarge,

    /// <summary>The body exceeds the server's limit; raised by the server, not by the parsers (RFC 9110 §15.5.14) [413].</summary>
    RequestBodyTooLarge,
}
