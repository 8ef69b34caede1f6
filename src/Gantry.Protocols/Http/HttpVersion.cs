namespace Gantry.Protocols.Http;

/// <summary>The HTTP versions a request line may carry (RFC 9112 §2.3); anything else is rejected.</summary>
public enum HttpVersion
{
    /// <summary>HTTP/1.0: connections close after the response unless the client asks for keep-alive.</summary>
    Http10,

    /// <summary>HTTP/1.1: persistent connections by default, Host required.</summary>
    Http11,
}
