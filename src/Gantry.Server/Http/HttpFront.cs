using Gantry.Application;
using Gantry.Server.Listeners;
using Gantry.Server.Logging;
using Gantry.Server.Loop;
using Microsoft.Extensions.Logging;

namespace Gantry.Server.Http;

/// <summary>
/// What every HTTP connection of one loop shares: the loop, the application thread, options, the request
/// log and a pool of idle connection objects (their buffers are reused, so a new connection costs no
/// allocation once the pool is warm).
/// </summary>
internal sealed class HttpFront
{
    private readonly Stack<HttpConnection> _idle = new();

    public HttpFront(EventLoop loop, IApplicationThread application, ServerOptions options, RequestLog requestLog, ILogger logger)
    {
        Loop = loop;
        Application = application;
        Options = options;
        RequestLog = requestLog;
        Logger = logger;
    }

    public EventLoop Loop { get; }

    public IApplicationThread Application { get; }

    public ServerOptions Options { get; }

    public RequestLog RequestLog { get; }

    public ILogger Logger { get; }

    public bool ShuttingDown { get; set; }

    /// <summary>A connection object for a freshly accepted socket.</summary>
    public HttpConnection Rent(int fd, Listener listener, ReadOnlySpan<byte> sockaddr)
    {
        var connection = _idle.Count > 0 ? _idle.Pop() : new HttpConnection(this);
        connection.Open(fd, listener, sockaddr);
        return connection;
    }

    /// <summary>Takes a closed connection back for reuse.</summary>
    public void Return(HttpConnection connection)
    {
        if (_idle.Count < 1024)
        {
            _idle.Push(connection);
        }
        else
        {
            connection.Dispose();
        }
    }
}
