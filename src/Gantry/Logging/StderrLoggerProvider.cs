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
/// an O_APPEND file keeps lines of concurrent processes whole.
/// </summary>
internal sealed class StderrLoggerProvider : ILoggerProvider, ILoggerFactory, IRequestLogTarget
{
    private readonly Lock _gate = new();
    private readonly LogLevel _minimum;
    private byte[] _buffer = new byte[4096];
    private long _lostLines;
    private int _lostErrno;
    private bool _lineBroken;

    public StderrLoggerProvider(LogLevel minimum)
    {
        _minimum = minimum;
    }

    /// <summary>Called after each entry is written, with its event id (daemonize2 watches for the readiness line).</summary>
    public Action<int>? Observer { get; set; }

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
            // One reused buffer: no allocation per line.
            var length = Encoding.UTF8.GetMaxByteCount(text.Length) + 1;
            if (_buffer.Length < length)
            {
                _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
            }
            var count = Encoding.UTF8.GetBytes(text, _buffer);
            _buffer[count] = (byte)'\n';
            WriteLocked(_buffer.AsSpan(0, count + 1), 1);
        }
    }

    /// <summary>A loop's request log lines of one turn, in one write.</summary>
    public void WriteLines(ReadOnlySpan<byte> lines, int count)
    {
        lock (_gate)
        {
            WriteLocked(lines, count);
        }
    }

    private void WriteLocked(ReadOnlySpan<byte> bytes, int lines)
    {
        if (_lostLines > 0 && !WriteLostNotice())
        {
            _lostLines += lines;
            return;
        }
        if (!WriteAll(bytes, out var written))
        {
            _lostLines += lines;
            _lostErrno = LibC.Errno;
            _lineBroken |= written > 0;
        }
    }

    /// <summary>
    /// Once writing works again (the log's disk has room, a pipe reader came back), says how many lines were lost and
    /// why, before the next line: a full disk costs log lines, never a request, and the gap is visible in the log.
    /// </summary>
    private bool WriteLostNotice()
    {
        // A line the disk took only part of is ended first, so the notice starts a line of its own.
        var notice = Encoding.UTF8.GetBytes(
            $"{(_lineBroken ? "\n" : "")}*** {_lostLines} log line{(_lostLines == 1 ? "" : "s")} lost: {LibC.ErrorText(_lostErrno)} (errno {_lostErrno}) ***\n");
        if (!WriteAll(notice, out var written))
        {
            _lineBroken |= written > 0;
            return false;
        }
        _lostLines = 0;
        _lineBroken = false;
        return true;
    }

    public void Dispose()
    {
    }

    /// <summary>Writes all of <paramref name="bytes"/>; false when the descriptor refused (errno tells why) after <paramref name="offset"/> bytes.</summary>
    private static unsafe bool WriteAll(ReadOnlySpan<byte> bytes, out int offset)
    {
        offset = 0;
        fixed (byte* start = bytes)
        {
            while (offset < bytes.Length)
            {
                var written = LibC.write(LibC.STDERR_FILENO, start + offset, bytes.Length - offset);
                if (written < 0 && LibC.Errno == LibC.EINTR)
                {
                    continue;
                }
                if (written <= 0)
                {
                    // stderr closed or full disk: a log line is not worth failing a request for.
                    return false;
                }
                offset += (int)written;
            }
        }
        return true;
    }
}
