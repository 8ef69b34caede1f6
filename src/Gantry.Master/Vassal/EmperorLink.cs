using System.Globalization;
using Gantry.Posix.Native;
using Gantry.Protocols.Emperor;
using Microsoft.Extensions.Logging;

namespace Gantry.Master.Vassal;

/// <summary>
/// The vassal's side of uWSGI's emperor protocol, for a Gantry started by an emperor (Gantry's or uWSGI's):
/// <c>UWSGI_EMPEROR_FD</c> names its end of the socketpair. A reader thread turns the emperor's messages into the
/// instance's own commands (0 stop now, 1 graceful reload, 2 graceful stop) and end-of-file (the emperor died) into a
/// stop, so no vassal outlives its emperor. The instance reports "ready" and "accepting" when it logs its readiness line,
/// "loyal" after its first request (the master checks its scoreboard each second; a single process says it with
/// readiness) and, with <c>heartbeat = N</c>, a heartbeat every N seconds. The descriptor is left without close-on-exec,
/// so a master that re-executes itself to reload keeps it, as uWSGI's does.
/// </summary>
public sealed unsafe class EmperorLink : IDisposable
{
    private readonly ILogger _logger;
    private readonly int _heartbeatSeconds;
    private int _readySent;
    private int _loyal;
    private Timer? _timer;
    private volatile bool _disposed;

    private EmperorLink(int fd, int heartbeatSeconds, ILogger logger)
    {
        Fd = fd;
        _heartbeatSeconds = heartbeatSeconds;
        _logger = logger;
    }

    /// <summary>The vassal's end of the socketpair.</summary>
    public int Fd { get; }

    /// <summary>
    /// The link when <c>UWSGI_EMPEROR_FD</c> names an open descriptor (logging uWSGI's "has_emperor mode detected"), else
    /// null; a variable naming no open descriptor is logged and ignored.
    /// </summary>
    public static EmperorLink? FromEnvironment(int heartbeatSeconds, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var text = Environment.GetEnvironmentVariable(EmperorMessage.FdVariable);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var fd) || LibC.fcntl(fd, LibC.F_GETFD, 0) < 0)
        {
            logger.LogWarning("{Variable}={Value} names no open descriptor: running without an emperor", EmperorMessage.FdVariable, text);
            return null;
        }
        logger.LogInformation("*** has_emperor mode detected (fd: {Fd}) ***", fd);
        return new EmperorLink(fd, heartbeatSeconds, logger);
    }

    /// <summary>
    /// Starts reading the emperor's messages; <paramref name="onMessage"/> gets each command byte, <paramref name="onLost"/>
    /// is called once if the emperor goes away. Both run on the reader thread.
    /// </summary>
    /// <param name="requestsServed">Requests served so far (loyalty is announced after the first); null announces it now.</param>
    public void Start(Action<byte> onMessage, Action onLost, Func<long>? requestsServed)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        ArgumentNullException.ThrowIfNull(onLost);
        new Thread(() => Read(onMessage, onLost)) { IsBackground = true, Name = "gantry emperor link" }.Start();
        if (requestsServed is null)
        {
            AnnounceLoyalty();
        }
        if (requestsServed is not null || _heartbeatSeconds > 0)
        {
            var heartbeatDue = _heartbeatSeconds;
            _timer = new Timer(_ =>
            {
                if (requestsServed is not null && Volatile.Read(ref _loyal) == 0 && requestsServed() > 0)
                {
                    AnnounceLoyalty();
                }
                if (_heartbeatSeconds > 0 && --heartbeatDue <= 0)
                {
                    heartbeatDue = _heartbeatSeconds;
                    Send(EmperorMessage.Heartbeat);
                }
            }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Observes logged event ids: at the readiness line, tells the emperor "ready" and "accepting" (once).</summary>
    public void OnReadiness()
    {
        if (Interlocked.Exchange(ref _readySent, 1) == 0)
        {
            Send(EmperorMessage.Ready);
            Send(EmperorMessage.Accepting);
        }
    }

    private void AnnounceLoyalty()
    {
        if (Interlocked.Exchange(ref _loyal, 1) == 0)
        {
            _logger.LogInformation("announcing my loyalty to the Emperor...");
            Send(EmperorMessage.Loyal);
        }
    }

    private void Send(byte message)
    {
        if (!_disposed)
        {
            LibC.send(Fd, &message, 1, LibC.MSG_NOSIGNAL);
        }
    }

    private void Read(Action<byte> onMessage, Action onLost)
    {
        byte message;
        while (!_disposed)
        {
            var count = LibC.read(Fd, &message, 1);
            if (count < 0 && LibC.Errno == LibC.EINTR)
            {
                continue;
            }
            if (count == 1)
            {
                _logger.LogInformation("received message {Message} from emperor", message);
                onMessage(message);
                continue;
            }
            if (!_disposed)
            {
                _logger.LogWarning("lost connection with my emperor !!!");
                onLost();
            }
            return;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
    }
}
