using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Posix.Sockets;
using Gantry.Supervisor.Configuration;
using Gantry.Supervisor.Rpc;

namespace Gantry.Supervisor.Control;

/// <summary>
/// The control interface: supervisord's HTTP server on the <c>[unix_http_server]</c> socket and/or the
/// <c>[inet_http_server]</c> address, in the supervisor's loop (non-blocking accept, one <see cref="ControlConnection"/>
/// per client). Owns the listening sockets and the connections.
/// </summary>
internal sealed class ControlServer : IDisposable
{
    private readonly List<(ListeningSocket Socket, IFdWatch Watch, ControlServerConfig Config)> _listeners = [];
    private readonly List<ControlConnection> _connections = [];
    private readonly Supervisor _supervisor;

    private ControlServer(Supervisor supervisor)
    {
        _supervisor = supervisor;
        Rpc = new RpcInterface(supervisor);
    }

    public RpcInterface Rpc { get; }

    /// <summary>Open control connections (a followed log keeps one open).</summary>
    public int Connections => _connections.Count;

    public Supervisor Supervisor => _supervisor;

    public static ControlServer Start(Supervisor supervisor)
    {
        var server = new ControlServer(supervisor);
        var config = supervisor.Runtime.Config;
        foreach (var listen in new[] { config.UnixServer, config.InetServer })
        {
            if (listen is null)
            {
                continue;
            }
            var text = listen.UnixPath ?? listen.TcpAddress!;
            var address = StreamAddress.TryParse(listen.UnixPath is not null && !text.Contains('/', StringComparison.Ordinal) ? "./" + text : text, out var error)
                ?? throw new SupervisorConfigException(config.File, 0, listen.UnixPath is null ? "port" : "file", $"'{text}' is not an address: {error}");
            var socket = ListeningSocket.Bind(address, 128);
            if (listen.UnixPath is { } path)
            {
                LibC.chmod(path, (uint)listen.Chmod);
                if (listen.Chown is { } owner && ProcessPrivileges.Chown(path, owner) is { } chownError)
                {
                    supervisor.Log.Error($"could not chown {path} to {owner}: {chownError}");
                }
            }
            var acceptor = new Acceptor(server, socket.Fd, listen);
            server._listeners.Add((socket, supervisor.Runtime.Loop.Watch(socket.Fd, LoopReadiness.Readable, acceptor), listen));
            supervisor.Log.Info(listen.UnixPath is null
                ? $"inet_http_server listening on {socket.BoundEndpoint}"
                : $"unix_http_server listening on {listen.UnixPath}");
        }
        if (server._listeners.Count == 0)
        {
            supervisor.Log.Warn("no [unix_http_server] or [inet_http_server]: supervisorctl cannot reach this supervisor");
        }
        return server;
    }

    /// <summary>Every loop turn: deferred results and followed logs.</summary>
    public void Poll()
    {
        foreach (var connection in _connections.ToArray())
        {
            connection.Poll();
        }
    }

    public void Remove(ControlConnection connection) => _connections.Remove(connection);

    public void Dispose()
    {
        foreach (var connection in _connections.ToArray())
        {
            connection.Dispose();
        }
        foreach (var (socket, watch, config) in _listeners)
        {
            watch.Dispose();
            socket.Close(removeUnixFile: config.UnixPath is not null);
        }
        _listeners.Clear();
    }

    private sealed unsafe class Acceptor(ControlServer server, int fd, ControlServerConfig config) : IReadinessHandler
    {
        public void OnReady(LoopReadiness ready)
        {
            for (var i = 0; i < 64; i++)
            {
                var client = LibC.accept4(fd, null, null, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
                if (client < 0)
                {
                    return;
                }
                server._supervisor.Runtime.MarkActive();
                server._connections.Add(new ControlConnection(server, client, config));
            }
        }
    }
}
