using System.Buffers;
using System.Diagnostics;
using System.Text;
using Gantry.Posix.Native;
using Gantry.Posix.Sockets;
using Gantry.Master.Scoreboard;
using Gantry.Master.Supervision;
using Microsoft.Extensions.Logging;

namespace Gantry.Master.Stats;

/// <summary>
/// uWSGI's stats server (--stats), owned by the master: each connection gets the JSON document (<see cref="StatsDocument"/>)
/// and is closed; the server reads nothing from the client, and uwsgitop reads to the end. With --stats-http it first
/// reads the client's request head and answers <c>HTTP/1.0 200 OK</c>, <c>Content-Type: application/json</c>,
/// <c>Access-Control-Allow-Origin: *</c>, <c>Connection: close</c>; there, and on --metrics (Gantry-only), /metrics is
/// the Prometheus exposition (<see cref="MetricsDocument"/>), /healthz and /readyz answer probes, and /dashboard is a
/// page that follows /dashboard/events, a server-sent event stream of the document each second.
/// It runs on a thread of its own with poll(2) over non-blocking sockets, so a slow or silent stats client never holds
/// up the master's supervision (its loop is a command queue, not an fd loop) or another stats client: each gets
/// --socket-timeout for the whole exchange, and at most <see cref="MaxClients"/> are served at once.
/// </summary>
public sealed unsafe class StatsServer : IDisposable
{
    /// <summary>Stats connections served at once; more are accepted and closed.</summary>
    public const int MaxClients = 64;

    private const int MaxRequestHead = 8192;

    /// <summary>Seconds between two events of the dashboard's stream.</summary>
    private const int EventSeconds = 1;

    private readonly ListeningSocket _socket;
    private readonly StatsDocument _document;
    private readonly MetricsDocument _metrics;
    private readonly WorkerScoreboard _scoreboard;
    private readonly StatsServerRole _role;
    private readonly int _timeoutSeconds;
    private readonly ILogger _logger;
    private readonly int _wake;
    private readonly List<Client> _clients = [];
    private readonly Thread _thread;
    private volatile bool _stopping;

    private StatsServer(ListeningSocket socket, StatsServerRole role, WorkerScoreboard scoreboard, StatsDocument document,
        MetricsDocument metrics, int timeoutSeconds, ILogger logger)
    {
        _socket = socket;
        _role = role;
        _scoreboard = scoreboard;
        _document = document;
        _metrics = metrics;
        _timeoutSeconds = timeoutSeconds;
        _logger = logger;
        _wake = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        _thread = new Thread(Run) { IsBackground = true, Name = "stats" };
    }

    /// <summary>The bound address ("127.0.0.1:9191" with the real port, or the unix path).</summary>
    public string DisplayAddress => _socket.BoundEndpoint?.ToString() ?? _socket.Address.Text;

    /// <summary>
    /// Binds <paramref name="address"/> and starts serving in <paramref name="role"/>. ":port" binds loopback (a stats
    /// document shows pids, paths and requests in flight); give a host to listen elsewhere.
    /// </summary>
    /// <exception cref="InvalidOperationException">The address is not one, or cannot be bound (the message says which).</exception>
    public static StatsServer Start(string address, StatsServerRole role, WorkerScoreboard scoreboard, StatsDocument document,
        MetricsDocument metrics, int timeoutSeconds, ILogger logger)
    {
        var text = address.Trim();
        var parsed = StreamAddress.TryParse(text.StartsWith(':') ? "127.0.0.1" + text : text, out var error)
            ?? throw new InvalidOperationException($"{OptionName(role)}: {error}");
        ListeningSocket socket;
        try
        {
            socket = ListeningSocket.Bind(parsed, backlog: 64);
        }
        catch (Exception failure) when (failure is IOException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"{OptionName(role)}: cannot listen on {text}: {failure.Message}");
        }
        var server = new StatsServer(socket, role, scoreboard, document, metrics, timeoutSeconds, logger);
        server._thread.Start();
        return server;
    }

    private static string OptionName(StatsServerRole role) => role == StatsServerRole.Metrics ? "metrics" : "stats";

    public void Dispose()
    {
        _stopping = true;
        var one = 1L;
        LibC.write(_wake, (byte*)&one, sizeof(long));
        _thread.Join(TimeSpan.FromSeconds(5));
        foreach (var client in _clients)
        {
            LibC.close(client.Fd);
        }
        _clients.Clear();
        _socket.Close(removeUnixFile: true);
        LibC.close(_wake);
    }

    private void Run()
    {
        var polls = new PollFd[MaxClients + 2];
        while (!_stopping)
        {
            polls[0] = new PollFd { Fd = _socket.Fd, Events = LibC.POLLIN };
            polls[1] = new PollFd { Fd = _wake, Events = LibC.POLLIN };
            var now = Stopwatch.GetTimestamp();
            var timeout = -1;
            for (var i = 0; i < _clients.Count; i++)
            {
                var client = _clients[i];
                polls[i + 2] = new PollFd { Fd = client.Fd, Events = client.Answer is null || client.Idle ? LibC.POLLIN : LibC.POLLOUT };
                var due = client.Idle ? client.NextEvent : client.Deadline;
                var left = (int)Math.Clamp(Stopwatch.GetElapsedTime(now, due).TotalMilliseconds + 1, 0, int.MaxValue);
                timeout = timeout < 0 ? left : Math.Min(timeout, left);
            }
            int ready;
            fixed (PollFd* fds = polls)
            {
                ready = LibC.poll(fds, (nuint)(_clients.Count + 2), timeout);
            }
            if (ready < 0 && LibC.Errno != LibC.EINTR)
            {
                return;
            }
            if (_stopping)
            {
                return;
            }
            for (var i = _clients.Count - 1; i >= 0; i--)
            {
                Serve(_clients[i], polls[i + 2].Revents);
            }
            _clients.RemoveAll(client => client.Fd < 0);
            if ((polls[0].Revents & LibC.POLLIN) != 0)
            {
                Accept();
            }
        }
    }

    private void Accept()
    {
        var fd = LibC.accept4(_socket.Fd, null, null, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
        if (fd < 0)
        {
            return;
        }
        if (_clients.Count >= MaxClients)
        {
            LibC.close(fd);
            return;
        }
        var client = new Client(fd, Stopwatch.GetTimestamp() + (long)(_timeoutSeconds * (double)Stopwatch.Frequency));
        _clients.Add(client);
        if (_role == StatsServerRole.PlainStats)
        {
            // The plain stats socket reads nothing: the document leaves at once.
            client.Answer = StatsJson();
            Serve(client, LibC.POLLOUT);
        }
    }

    private void Serve(Client client, short events)
    {
        if (client.Fd < 0)
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        if (((events & (LibC.POLLERR | LibC.POLLHUP)) != 0 && (client.Answer is null || client.Idle)) || now >= client.Deadline)
        {
            Drop(client);
            return;
        }
        if (client.Answer is null)
        {
            if ((events & LibC.POLLIN) != 0)
            {
                Read(client);
            }
            return;
        }
        if (client.Idle)
        {
            // An event stream between two events: input only tells whether the client went away.
            if ((events & LibC.POLLIN) != 0 && !DiscardInput(client))
            {
                Drop(client);
                return;
            }
            if (now >= client.NextEvent)
            {
                client.Answer = Event();
                client.Sent = 0;
                client.NextEvent = now + Stopwatch.Frequency * EventSeconds;
                client.Deadline = now + (long)(_timeoutSeconds * (double)Stopwatch.Frequency);
                Write(client);
            }
            return;
        }
        if ((events & (LibC.POLLOUT | LibC.POLLERR | LibC.POLLHUP)) != 0)
        {
            Write(client);
        }
    }

    private void Read(Client client)
    {
        var buffer = stackalloc byte[1024];
        var received = LibC.recv(client.Fd, buffer, 1024, 0);
        if (received <= 0)
        {
            if (received == 0 || LibC.Errno != LibC.EAGAIN)
            {
                Drop(client);
            }
            return;
        }
        client.Head.Write(new ReadOnlySpan<byte>(buffer, (int)received));
        var head = client.Head.WrittenSpan;
        if (head.IndexOf("\r\n\r\n"u8) >= 0 || head.IndexOf("\n\n"u8) >= 0)
        {
            client.Answer = HttpAnswer(head, client);
            Write(client);
        }
        else if (head.Length > MaxRequestHead)
        {
            Drop(client);
        }
    }

    private void Write(Client client)
    {
        var answer = client.Answer!;
        while (client.Sent < answer.Length)
        {
            nint sent;
            fixed (byte* data = &answer[client.Sent])
            {
                sent = LibC.send(client.Fd, data, answer.Length - client.Sent, LibC.MSG_NOSIGNAL);
            }
            if (sent < 0)
            {
                if (LibC.Errno == LibC.EAGAIN)
                {
                    return;
                }
                Drop(client);
                return;
            }
            client.Sent += (int)sent;
        }
        if (client.Streaming)
        {
            // All of this event left: wait for the next one, however long the client stays.
            client.Deadline = long.MaxValue;
            return;
        }
        LibC.shutdown(client.Fd, LibC.SHUT_WR);
        Drop(client);
    }

    /// <summary>Reads and drops what an event-stream client sends; false once it closed.</summary>
    private static bool DiscardInput(Client client)
    {
        var buffer = stackalloc byte[512];
        var received = LibC.recv(client.Fd, buffer, 512, 0);
        return received > 0 || (received < 0 && LibC.Errno == LibC.EAGAIN);
    }

    /// <summary>One server-sent event: the stats document, minified, on one data line.</summary>
    private byte[] Event()
    {
        var json = new ArrayBufferWriter<byte>(16 * 1024);
        _document.Write(json, minified: true, countsDelta: false);
        return [.. "data: "u8, .. json.WrittenSpan, .. "\n\n"u8];
    }

    private byte[] StatsJson()
    {
        var json = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            _document.Write(json);
        }
        catch (Exception failure) when (failure is InvalidOperationException or ArgumentException)
        {
            _logger.StatsDocumentFailed(failure.Message);
        }
        return json.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The answer to an HTTP request: /metrics (Prometheus), /healthz (the master runs), /readyz (every running worker
    /// loaded its application and accepts); anything else is the stats document on --stats-http, 404 on --metrics.
    /// </summary>
    private byte[] HttpAnswer(ReadOnlySpan<byte> head, Client client)
    {
        var lineEnd = head.IndexOfAny((byte)'\r', (byte)'\n');
        var line = Encoding.ASCII.GetString(lineEnd < 0 ? head : head[..lineEnd]);
        var parts = line.Split(' ');
        var path = parts.Length > 1 ? parts[1].Split('?')[0] : "/";
        return path switch
        {
            "/metrics" => Http(200, "OK", MetricsDocument.ContentType, Encoding.UTF8.GetBytes(_metrics.Write())),
            "/healthz" => Http(200, "OK", "text/plain", "ok\n"u8),
            "/dashboard" or "/dashboard/" => Http(200, "OK", "text/html; charset=utf-8", DashboardPage.Html),
            "/dashboard/events" => StartEventStream(client),
            "/readyz" => AllWorkersReady()
                ? Http(200, "OK", "text/plain", "ready\n"u8)
                : Http(503, "Service Unavailable", "text/plain", "not ready\n"u8),
            "/" when _role == StatsServerRole.Metrics => Http(200, "OK", MetricsDocument.ContentType, Encoding.UTF8.GetBytes(_metrics.Write())),
            _ when _role == StatsServerRole.HttpStats => Http(200, "OK", "application/json", StatsJson()),
            _ => Http(404, "Not Found", "text/plain", "not found: try /metrics, /healthz or /readyz\n"u8),
        };
    }

    /// <summary>Turns the client into an event stream (the dashboard's): the head, then an event every <see cref="EventSeconds"/>.</summary>
    private byte[] StartEventStream(Client client)
    {
        client.Streaming = true;
        client.NextEvent = Stopwatch.GetTimestamp() + Stopwatch.Frequency * EventSeconds;
        var head = "HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n"u8;
        return [.. head, .. Event()];
    }

    /// <summary>True when at least one worker runs and every worker with a process accepts (cheaper mode's stopped ones aside).</summary>
    private bool AllWorkersReady()
    {
        var running = 0;
        for (var id = 1; id <= _scoreboard.Workers; id++)
        {
            if (!_scoreboard.TryGetRunningRecord(id, out var record))
            {
                continue;
            }
            running++;
            if (_scoreboard.ReadRecord(record).State != ProcessState.Ready)
            {
                return false;
            }
        }
        return running > 0;
    }

    private static byte[] Http(int status, string reason, string contentType, ReadOnlySpan<byte> body)
    {
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.0 {status} {reason}\r\nContent-Type: {contentType}\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        return [.. head, .. body];
    }

    private static void Drop(Client client)
    {
        if (client.Fd >= 0)
        {
            LibC.close(client.Fd);
            client.Fd = -1;
        }
    }

    private sealed class Client(int fd, long deadline)
    {
        public int Fd = fd;
        public long Deadline = deadline;
        public readonly ArrayBufferWriter<byte> Head = new(256);
        public byte[]? Answer;
        public int Sent;

        // A server-sent event stream (/dashboard/events): kept open, an event every EventSeconds.
        public bool Streaming;
        public long NextEvent;

        /// <summary>An event stream with its last event sent.</summary>
        public bool Idle => Streaming && Answer is not null && Sent == Answer.Length;
    }
}
