using System.Buffers;
using System.Diagnostics;
using System.Text;
using Gantry.Posix.Native;
using Gantry.Posix.Sockets;
using Gantry.Master.Supervision;
using Microsoft.Extensions.Logging;

namespace Gantry.Master.Stats;

/// <summary>
/// uWSGI's stats server (--stats), owned by the master: each connection gets the JSON document (<see cref="StatsDocument"/>)
/// and is closed; the server reads nothing from the client, and uwsgitop reads to the end. With --stats-http it first
/// reads the client's request head and answers <c>HTTP/1.0 200 OK</c>, <c>Content-Type: application/json</c>,
/// <c>Access-Control-Allow-Origin: *</c>, <c>Connection: close</c>.
/// It runs on a thread of its own with poll(2) over non-blocking sockets, so a slow or silent stats client never holds
/// up the master's supervision (its loop is a command queue, not an fd loop) or another stats client: each gets
/// --socket-timeout for the whole exchange, and at most <see cref="MaxClients"/> are served at once.
/// </summary>
public sealed unsafe class StatsServer : IDisposable
{
    /// <summary>Stats connections served at once; more are accepted and closed.</summary>
    public const int MaxClients = 64;

    private const int MaxRequestHead = 8192;

    private readonly ListeningSocket _socket;
    private readonly StatsDocument _document;
    private readonly StatsSettings _settings;
    private readonly ILogger _logger;
    private readonly int _wake;
    private readonly List<Client> _clients = [];
    private readonly Thread _thread;
    private volatile bool _stopping;

    private StatsServer(ListeningSocket socket, StatsDocument document, StatsSettings settings, ILogger logger)
    {
        _socket = socket;
        _document = document;
        _settings = settings;
        _logger = logger;
        _wake = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        _thread = new Thread(Run) { IsBackground = true, Name = "stats" };
    }

    /// <summary>The bound address ("127.0.0.1:9191" with the real port, or the unix path).</summary>
    public string DisplayAddress => _socket.BoundEndpoint?.ToString() ?? _socket.Address.Text;

    /// <summary>
    /// Binds <see cref="StatsSettings.Address"/> and starts serving. ":port" binds loopback (a stats document shows
    /// pids, paths and requests in flight); give a host to listen elsewhere.
    /// </summary>
    /// <exception cref="InvalidOperationException">The address is not one, or cannot be bound (the message says which).</exception>
    public static StatsServer Start(StatsDocument document, StatsSettings settings, ILogger logger)
    {
        var text = settings.Address.Trim();
        var address = StreamAddress.TryParse(text.StartsWith(':') ? "127.0.0.1" + text : text, out var error)
            ?? throw new InvalidOperationException($"stats: {error}");
        ListeningSocket socket;
        try
        {
            socket = ListeningSocket.Bind(address, backlog: 64);
        }
        catch (Exception failure) when (failure is IOException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"stats: cannot listen on {text}: {failure.Message}");
        }
        var server = new StatsServer(socket, document, settings, logger);
        server._thread.Start();
        return server;
    }

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
                polls[i + 2] = new PollFd { Fd = client.Fd, Events = client.Answer is null ? LibC.POLLIN : LibC.POLLOUT };
                var left = (int)Math.Max(0, Stopwatch.GetElapsedTime(now, client.Deadline).TotalMilliseconds + 1);
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
        var client = new Client(fd, Stopwatch.GetTimestamp() + (long)(_settings.TimeoutSeconds * (double)Stopwatch.Frequency));
        _clients.Add(client);
        if (!_settings.Http)
        {
            // The plain stats socket reads nothing: the document leaves at once.
            client.Answer = Answer(http: false);
            Serve(client, LibC.POLLOUT);
        }
    }

    private void Serve(Client client, short events)
    {
        if (client.Fd < 0)
        {
            return;
        }
        if ((events & (LibC.POLLERR | LibC.POLLHUP)) != 0 && client.Answer is null
            || Stopwatch.GetTimestamp() >= client.Deadline)
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
            client.Answer = Answer(http: true);
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
        LibC.shutdown(client.Fd, LibC.SHUT_WR);
        Drop(client);
    }

    private byte[] Answer(bool http)
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
        if (!http)
        {
            return json.WrittenSpan.ToArray();
        }
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: {json.WrittenCount}\r\nConnection: close\r\n\r\n");
        return [.. head, .. json.WrittenSpan];
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
        public readonly long Deadline = deadline;
        public readonly ArrayBufferWriter<byte> Head = new(256);
        public byte[]? Answer;
        public int Sent;
    }
}
