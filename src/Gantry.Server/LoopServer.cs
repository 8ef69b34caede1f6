using Gantry.Application;
using Gantry.Server.Connections;
using Gantry.Server.FastCgi;
using Gantry.Server.Http;
using Gantry.Server.Listeners;
using Gantry.Server.Logging;
using Gantry.Server.Loop;
using Gantry.Server.Uwsgi;
using Microsoft.Extensions.Logging;

namespace Gantry.Server;

/// <summary>
/// One loop thread's serving side (a process runs one per --threads): an event loop on the calling thread that
/// accepts on the given listeners and runs the application on that same thread. The caller owns the listeners; this owns the loop and every
/// connection it accepted.
/// </summary>
public sealed class LoopServer : IDisposable
{
    /// <summary>Event id of a loop's readiness line ("gantry ready (pid N): …"), for loggers that filter or watch for it.</summary>
    public const int ReadyEventId = 1000;

    private readonly ServerOptions _options;
    private readonly IReadOnlyList<Listener> _listeners;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly EventLoop _loop;
    private readonly ConnectionBudget _budget;

    /// <param name="budget">The process's connection budget, shared by its loops; none given: no limit.</param>
    /// <param name="requestLogTarget">Where the request log's lines go; none given: the "request" logger of <paramref name="loggers"/>, a line per entry.</param>
    public LoopServer(ServerOptions options, IReadOnlyList<Listener> listeners, ILoggerFactory loggers, TimeProvider time, ConnectionBudget? budget = null,
        IRequestLogTarget? requestLogTarget = null)
    {
        _budget = budget ?? new ConnectionBudget(0);
        _options = options;
        _listeners = listeners;
        _loggers = loggers;
        _time = time;
        _loop = new EventLoop(time);
        RequestLog = new RequestLog(requestLogTarget ?? new LoggerRequestLogTarget(loggers.CreateLogger("request")), time, !options.DisableLogging,
            options.RequestLog, options.WorkerId);
        _loop.AddDeferredWork(RequestLog);
    }

    /// <summary>This loop's request log: its own connections and the HTTPS requests Kestrel posts to it write there, on the loop's thread.</summary>
    internal RequestLog RequestLog { get; }

    /// <summary>The loop's services for the host attached to this loop's thread (<see cref="IApplication.AttachThread"/>).</summary>
    public ILoopServices Loop => _loop;

    /// <summary>Serves until <see cref="RequestStop"/>; <paramref name="application"/> was attached on this thread.</summary>
    public void Run(IApplicationThread application)
    {
        var logger = _loggers.CreateLogger("gantry");
        var services = new ConnectionServices(_loop, application, _options, RequestLog, logger, _budget);
        var pools = new Dictionary<ListenerProtocol, ConnectionPool>();
        foreach (var listener in _listeners)
        {
            var protocol = listener.Address.Protocol;
            if (protocol == ListenerProtocol.Https)
            {
                // Kestrel accepts on HTTPS sockets (Gantry.Kestrel) and posts their requests to this loop.
                continue;
            }
            if (!pools.TryGetValue(protocol, out var pool))
            {
                pool = CreatePool(protocol, services);
                pools.Add(protocol, pool);
            }
            new ListenerAcceptor(_loop, listener, pool, services).Start();
        }
        logger.Ready(Environment.ProcessId, string.Join(' ', _listeners.Select(l => l.Url)));
        _loop.Run(application, TimeSpan.FromSeconds(_options.GracefulTimeoutSeconds));
    }

    /// <summary>The connection factory of one protocol: every front shares the loop, the sink mechanics and the application.</summary>
    private static ConnectionPool CreatePool(ListenerProtocol protocol, ConnectionServices services) => protocol switch
    {
        ListenerProtocol.Uwsgi => new ConnectionPool(pool => new UwsgiConnection(services, pool)),
        ListenerProtocol.FastCgi => new ConnectionPool(pool => new FastCgiConnection(services, pool)),
        _ => new ConnectionPool(pool => new HttpConnection(services, pool)),
    };

    /// <summary>Stops the loop from any thread: graceful lets in-flight requests finish first.</summary>
    public void RequestStop(bool graceful) => _loop.RequestStop(graceful);

    public void Dispose() => _loop.Dispose();
}
