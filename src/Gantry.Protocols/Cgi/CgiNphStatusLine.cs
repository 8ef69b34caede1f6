using Gantry.Protocols.Http;

namespace Gantry.Protocols.Cgi;

/// <summary>
/// The status line an NPH script starts its output with (RFC 3875 §5), as read by
/// <see cref="CgiNphStatusLineParser"/>: enough for the host to log the status; the output itself passes through
/// unparsed.
/// </summary>
public readonly struct CgiNphStatusLine
{
    /// <summary>Creates a status line.</summary>
    public CgiNphStatusLine(HttpVersion version, int statusCode, Range reasonPhrase)
    {
        Version = version;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    /// <summary>The version the script wrote.</summary>
    public HttpVersion Version { get; }

    /// <summary>The status code, 100–599.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase, as offsets into the output; empty when the script gave none.</summary>
    public Range ReasonPhrase { get; }
}
