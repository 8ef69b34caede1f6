using Gantry.Posix.Native;
using Gantry.Server.Logging;

namespace Gantry.Logging;

/// <summary>
/// Whole log lines to one descriptor, as uWSGI writes them: each block in one write(2) (O_APPEND keeps the lines of
/// concurrent processes whole), synchronous, nothing buffered beyond the block. A descriptor that refuses (a full
/// disk, a gone pipe reader) costs lines, never a request: they are counted, and once writing works again the count is
/// written first. With <see cref="Rotation"/>, the file is rotated or followed (log-maxsize) before a write.
/// </summary>
internal sealed class LogDescriptorWriter(int fd) : IRequestLogTarget
{
    private readonly Lock _gate = new();
    private long _lostLines;
    private int _lostErrno;
    private bool _lineBroken;

    /// <summary>The descriptor written to (the rotation may have put another file behind the same number).</summary>
    public int Fd => fd;

    /// <summary>log-maxsize on this descriptor's file; set once at start-up.</summary>
    public LogFileRotation? Rotation { get; set; }

    /// <summary>Writes <paramref name="lines"/> (<paramref name="count"/> lines, each ending in '\n') in one write.</summary>
    public void WriteLines(ReadOnlySpan<byte> lines, int count)
    {
        lock (_gate)
        {
            Rotation?.Check(this, force: false);
            if (_lostLines > 0 && !WriteLostNotice())
            {
                _lostLines += count;
                return;
            }
            if (!WriteAll(lines, out var written))
            {
                _lostLines += count;
                _lostErrno = LibC.Errno;
                _lineBroken |= written > 0;
            }
        }
    }

    /// <summary>Rotates or follows the file now if it is due (the master's second-by-second check, for a master that logs nothing).</summary>
    public void CheckRotation()
    {
        lock (_gate)
        {
            Rotation?.Check(this, force: true);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> as they are, outside the line accounting (the rotation's own notice); under the lock.</summary>
    public bool WriteRaw(ReadOnlySpan<byte> bytes) => WriteAll(bytes, out _);

    /// <summary>
    /// Once writing works again (the log's disk has room, a pipe reader came back), says how many lines were lost and
    /// why, before the next line: a full disk costs log lines, never a request, and the gap is visible in the log.
    /// </summary>
    private bool WriteLostNotice()
    {
        // A line the disk took only part of is ended first, so the notice starts a line of its own.
        var notice = System.Text.Encoding.UTF8.GetBytes(
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

    /// <summary>Writes all of <paramref name="bytes"/>; false when the descriptor refused (errno tells why) after <paramref name="offset"/> bytes.</summary>
    private unsafe bool WriteAll(ReadOnlySpan<byte> bytes, out int offset)
    {
        offset = 0;
        fixed (byte* start = bytes)
        {
            while (offset < bytes.Length)
            {
                var written = LibC.write(fd, start + offset, bytes.Length - offset);
                if (written < 0 && LibC.Errno == LibC.EINTR)
                {
                    continue;
                }
                if (written <= 0)
                {
                    // A closed descriptor or a full disk: a log line is not worth failing a request for.
                    return false;
                }
                offset += (int)written;
            }
        }
        return true;
    }
}
