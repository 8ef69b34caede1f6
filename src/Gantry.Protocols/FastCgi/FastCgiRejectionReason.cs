namespace Gantry.Protocols.FastCgi;

/// <summary>Why FastCGI input was rejected; each maps to one wording in <see cref="FastCgiProtocolException"/>.</summary>
public enum FastCgiRejectionReason
{
    /// <summary>The first byte of a record is not <c>FCGI_VERSION_1</c> (often: an HTTP client on the FastCGI socket).</summary>
    BadVersion,

    /// <summary>A name-value pair's lengths run past the end of its stream.</summary>
    TruncatedNameValue,

    /// <summary>A name-value pair with an empty name: no CGI or management variable has one.</summary>
    ZeroLengthName,

    /// <summary>The PARAMS stream is larger than the configured limit (<c>--buffer-size</c>).</summary>
    ParamsTooLarge,

    /// <summary>The PARAMS stream holds more pairs than the configured limit (<c>--max-vars</c>).</summary>
    TooManyParams,

    /// <summary>A BEGIN_REQUEST whose content is not the 8-byte body of spec §5.1.</summary>
    BadBeginRequestBody,

    /// <summary>An END_REQUEST whose content is not the 8-byte body of spec §5.5.</summary>
    BadEndRequestBody,

    /// <summary>An UNKNOWN_TYPE whose content is not the 8-byte body of spec §4.2.</summary>
    BadUnknownTypeBody,

    /// <summary>A record type a web server never sends for a request (STDOUT, END_REQUEST, an undefined type, …).</summary>
    UnknownRecordForRequest,

    /// <summary>
    /// A known record at the wrong time for the active request: a second BEGIN_REQUEST, PARAMS after the empty
    /// PARAMS record, STDIN or DATA before it, or a stream record after that stream's end.
    /// </summary>
    RecordOutOfOrder,
}
