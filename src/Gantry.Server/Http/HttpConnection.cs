using Gantry.Protocols.Http;
using Gantry.Server.Connections;

namespace Gantry.Server.Http;

/// <summary>
/// One HTTP/1.1 connection: request heads and bodies in (.Input), responses framed with Content-Length, chunked or
/// close-delimited out (.Response), keep-alive and pipelining. The socket, buffers, backpressure and the sink
/// mechanics are the shared <see cref="Connection"/>'s.
/// </summary>
internal sealed partial class HttpConnection : Connection
{
    private readonly HttpRequestHead _head = new();

    public HttpConnection(ConnectionServices services, ConnectionPool pool)
        : base(services, pool)
    {
        Request.LocalAddress = this;
    }

    /// <inheritdoc />
    protected override void OnOpened()
    {
        _head.Reset();
        _requestsServed = 0;
    }
}
