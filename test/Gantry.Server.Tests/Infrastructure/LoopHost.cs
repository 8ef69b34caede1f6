using System.Net;
using Gantry.Application;
using Gantry.Server;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>
/// A real LoopServer on 127.0.0.1:0 running a C# test application on its own loop thread: the
/// server's sockets, parser and framing are exercised for real, without Python.
/// </summary>
internal sealed class LoopHost : IDisposable
{
    private readonly LoopServer _server;
    private readonly Listener _listener;
    private readonly Thread _thread;
    private Exception? _failure;

    public LoopHost(IApplicationThread application, ServerOptions? options = null, TimeProvider? time = null)
    {
        var address = ListenAddress.TryParse("127.0.0.1:0", ListenerProtocol.Http, out _)!;
        _listener = Listener.Bind(address, 128);
        _server = new LoopServer(options ?? new ServerOptions { DisableLogging = true }, [_listener], NullLoggerFactory.Instance, time ?? TimeProvider.System);
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
        { IsBackground = true, Name = "test loop" };
        _thread.Start();
    }

    public IPEndPoint Endpoint => _listener.BoundEndpoint!;

    /// <summary>The loop thread's services (timers, watched descriptors, posted work), as a host gets them.</summary>
    public ILoopServices Loop => _server.Loop;

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
