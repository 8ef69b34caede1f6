using System.Text;
using Gantry.Posix.Native;
using Gantry.Server.Logging;
using Microsoft.Extensions.Logging;

namespace Gantry.Logging;

/// <summary>
/// Writes log lines to standard error as uWSGI does: the message alone, one line each, so existing log
/// pipelines keep working. Synchronous and unbuffered beyond a line: a crash loses nothing. Each line is one
/// write(2) on descriptor 2 itself, not on a duplicate of it (Console.OpenStandardError dups the descriptor), so
/// when logto, logto2 or log-reopen later make fd 2 a file, gantry's own lines follow; and one write per line on
/// an O_APPEND file keeps lines of concurrent processes whole. The request lines of the loops go to
/// <see cref="RequestLines"/>: the same descriptor, a loop turn's lines in one write, or the req-loggers.
/// </summary>
internal sealed class StderrLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly Lock _gate = new();
    private readonly LogLevel _minimum;
    private readonly LogDescriptorWriter _stderr = new(LibC.STDERR_FILENO);
    private byte[] _buffer = new byte[4096];
    private LogDatePrefix? _date;

    public StderrLoggerProvider(LogLevel minimum)
    {
        _minimum = minimum;
        RequestLines = _stderr;
    }

    /// <summary>Called after each entry is written, with its event id (daemonize2 watches for the readiness line).</summary>
    public Action<int>? Observer { get; set; }

    /// <summary>Where the loops write request lines: standard error, or the req-loggers (<see cref="Configure"/>).</summary>
    public IRequestLogTarget RequestLines { get; private set; }

    /// <summary>
    /// Applies log-date, log-maxsize and the req-loggers, once the log's destination is set up. The req-loggers'
    /// files are opened here; false, with the reason, when one cannot be.
    /// </summary>
    public bool Configure(LogSettings settings, out string? error)
    {
        error = null;
        _date = settings.DatePrefix is { } format ? new LogDatePrefix(format) : null;
        if (settings.Rotation is { } rotation)
        {
            _stderr.Rotation = rotation;
        }
        if (settings.RequestLoggers.Count == 0)
        {
            return true;
        }
        var targets = new List<IRequestLogTarget>();
        foreach (var spec in settings.RequestLoggers)
        {
            if (RequestLogger.Open(spec, _stderr, settings.Rotates, settings.RequestLogDirectory, out error) is not { } target)
            {
                return false;
            }
            targets.Add(target);
        }
        RequestLines = targets.Count == 1 ? targets[0] : new RequestLoggerSet([.. targets]);
        RequestLoggers = [.. targets.OfType<LogDescriptorWriter>().Where(writer => writer != _stderr)];
        return true;
    }

    /// <summary>The req-loggers' own files (for the master's rotation check).</summary>
    public IReadOnlyList<LogDescriptorWriter> RequestLoggers { get; private set; } = [];

    /// <summary>Whether some file is rotated by size (log-maxsize, a req-logger's maxsize).</summary>
    public bool RotatesFiles => _stderr.Rotation is not null || RequestLoggers.Any(writer => writer.Rotation is not null);

    /// <summary>Rotates (or follows) every file that has a rotation, now.</summary>
    public void CheckRotation()
    {
        _stderr.CheckRotation();
        foreach (var writer in RequestLoggers)
        {
            writer.CheckRotation();
        }
    }

    public ILogger CreateLogger(string categoryName) => new StderrLogger(this, _minimum);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <summary>Writes one entry (message, then the exception's text if any).</summary>
    public void WriteLine(string message, Exception? exception)
    {
        var text = exception is null ? message : $"{message}\n{exception}";
        lock (_gate)
        {
            var prefix = _date?.Now() ?? "";
            // One reused buffer: no allocation per line.
            var length = Encoding.UTF8.GetMaxByteCount(prefix.Length + text.Length) + 1;
            if (_buffer.Length < length)
            {
                _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
            }
            var count = Encoding.UTF8.GetBytes(prefix, _buffer);
            count += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(count));
            _buffer[count] = (byte)'\n';
            _stderr.WriteLines(_buffer.AsSpan(0, count + 1), 1);
        }
    }

    public void Dispose()
    {
    }
}
