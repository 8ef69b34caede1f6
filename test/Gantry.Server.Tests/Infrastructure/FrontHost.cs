using System.Net;
using Gantry.Application;
using Gantry.Application.Routing;
using Gantry.Server.Listeners;
using Gantry.Server.Logging;
using Gantry.Server.Static;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>
/// A real LoopServer serving one protocol (uwsgi, FastCGI, HTTP) on 127.0.0.1:0 or a unix socket, running a C#
/// test application on its own loop thread, with every log entry recorded.
/// </summary>
internal sealed class FrontHost : IDisposable
{
    private readonly LoopServer _server;
    private readonly Listener _listener;
    private readonly Thread _thread;
    private Exception? _failure;

    public FrontHost(ListenerProtocol protocol, IApplicationThread application, ServerOptions? options = null, string address = "127.0.0.1:0",
        StaticFileOptions? staticFiles = null, IRequestLogTarget? requestLog = null)
    {
        if (staticFiles is not null)
        {
            // The router the executable composes: static files first, then the application.
            application = new RequestRouter([StaticFileHandler.For(staticFiles, TimeProvider.System, Logs)], application);
        }
        var parsed = ListenAddress.TryParse(address, protocol, out var error) ?? throw new ArgumentException(error, nameof(address));
        _listener = Listener.Bind(parsed, 128);
        _server = new LoopServer(options ?? new ServerOptions { DisableLogging = true }, [_listener], Logs, TimeProvider.System, requestLogTarget: requestLog);
        _thread = new Thread(() =>
        {
            try
            {
                _server.Run(application);
            }
            catch (Exception exception)
            {
                _failure = exception;
            }
        })
        { IsBackground = true, Name = "front test loop" };
        _thread.Start();
    }

    /// <summary>Everything the server logged.</summary>
    public RecordingLoggerFactory Logs { get; } = new();

    public IPEndPoint Endpoint => _listener.BoundEndpoint!;

    public Listener Listener => _listener;

    /// <summary>Waits (bounded) until an entry with <paramref name="eventId"/> has been logged <paramref name="count"/> times.</summary>
    public IReadOnlyList<RecordedLogEntry> WaitForLog(int eventId, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Logs.WithEvent(eventId).Count < count && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
        return Logs.WithEvent(eventId);
    }

    public void Dispose()
    {
        _server.RequestStop(graceful: false);
        if (!_thread.Join(TimeSpan.FromSeconds(10)))
        {
            // Still running: disposing the server under it would fail somewhere less clear than this.
            throw new TimeoutException("the loop thread did not stop within 10 s of RequestStop");
        }
        _server.Dispose();
        _listener.Close(removeUnixFile: true);
        if (_failure is not null)
        {
            throw new InvalidOperationException("the loop thread failed", _failure);
        }
    }
}
