namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>How a response's body was delimited on the wire (RFC 9112 §6.3).</summary>
public enum HttpBodyFraming
{
    /// <summary>No body: a response to HEAD, a 1xx, 204 or 304.</summary>
    None,

    /// <summary>Content-Length bytes.</summary>
    ContentLength,

    /// <summary>Transfer-Encoding: chunked.</summary>
    Chunked,

    /// <summary>Neither: the body ran until the server closed the connection.</summary>
    CloseDelimited,
}
