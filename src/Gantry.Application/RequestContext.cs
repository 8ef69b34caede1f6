namespace Gantry.Application;

/// <summary>
/// One request as a front hands it to the application: its CGI variables and its body (received whole, or still
/// arriving for a host that streams it: <see cref="RequestBody.IsComplete"/>).
/// Owned by the connection and reused for its next request; valid until the response completes or is aborted.
/// </summary>
public sealed class RequestContext : IDisposable
{
    /// <param name="bodyMemoryLimit">Bodies larger than this are spooled to a temporary file.</param>
    /// <param name="temporaryDirectory">Directory for spooled bodies.</param>
    public RequestContext(int bodyMemoryLimit, string temporaryDirectory)
    {
        Body = new RequestBody(bodyMemoryLimit, temporaryDirectory);
    }

    /// <summary>REQUEST_METHOD, PATH_INFO, HTTP_*… as the front received them (RFC 3875 §4.1).</summary>
    public CgiVariables Variables { get; } = new();

    /// <summary>The request body: complete, unless the host asked for it streamed.</summary>
    public RequestBody Body { get; }

    /// <summary>True when the client reached the front over TLS (WSGI url_scheme "https").</summary>
    public bool IsHttps { get; set; }

    /// <summary>What the TLS connection negotiated, when a front that terminated TLS filled it; else null.</summary>
    public TlsConnectionInfo? Tls { get; set; }

    /// <summary>The WebSocket this request asks to become, when the front validated the upgrade for a host that serves WebSocket; else null.</summary>
    public WebSocket.IWebSocketSession? WebSocket { get; set; }

    /// <summary>
    /// The local address of the client's connection (SERVER_ADDR), set once per connection by the fronts that know it
    /// (HTTP, HTTPS); null behind a gateway (uwsgi, FastCGI), whose params carry the web server's own.
    /// </summary>
    public ILocalAddressSource? LocalAddress { get; set; }

    /// <summary>Empties the context for the connection's next request.</summary>
    public void Reset()
    {
        Variables.Clear();
        Body.Reset();
        IsHttps = false;
        Tls = null;
        WebSocket = null;
    }

    /// <inheritdoc />
    public void Dispose() => Body.Dispose();
}
