namespace Gantry.Supervisor.Processes;

/// <summary>
/// A child's log file as supervisord's <c>RotatingFileHandler</c> keeps it: appended to; once it reaches
/// <c>maxbytes</c> (0: never) it becomes <c>NAME.1</c>, older ones shift up to <c>NAME.backups</c>; with 0 backups
/// it is truncated instead. Written on the loop thread: local file appends, as supervisord does in its loop.
/// </summary>
internal sealed class RotatingLog(string path, long maxBytes, int backups) : IDisposable
{
    private FileStream? _stream;

    public string Path { get; } = path;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        var stream = _stream ??= Open();
        stream.Write(bytes);
        stream.Flush();
        if (maxBytes > 0 && !IsDevice && stream.Length >= maxBytes)
        {
            Rotate();
        }
    }

    /// <summary>At spawn, as supervisord's dispatchers open their files: the file exists before the first output, so
    /// <c>tail -f</c> and <c>fg</c> of a quiet process follow it instead of a 404. A failure here is left to the first
    /// write, which reports it.</summary>
    public void Create()
    {
        try
        {
            _stream ??= Open();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>clearProcessLogs: the file and its backups removed, a fresh file opened.</summary>
    public void Clear()
    {
        Close();
        for (var i = 1; i <= backups; i++)
        {
            File.Delete($"{Path}.{i}");
        }
        if (!IsDevice)
        {
            File.Delete(Path);
        }
        _stream = Open();
    }

    /// <summary>SIGUSR2: closed, reopened at the next write (after an outside rotation).</summary>
    public void Reopen() => Close();

    public void Dispose() => Close();

    private bool IsDevice => Path.StartsWith("/dev/", StringComparison.Ordinal);

    /// <summary>Appended to; a device (<c>/dev/stdout</c> in a container) is opened as it is, never seeked or rotated.</summary>
    private FileStream Open() => IsDevice
        ? new(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1)
        : new(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);

    private void Rotate()
    {
        if (backups <= 0)
        {
            _stream!.SetLength(0);
            return;
        }
        Close();
        for (var i = backups - 1; i >= 1; i--)
        {
            var source = $"{Path}.{i}";
            if (File.Exists(source))
            {
                File.Move(source, $"{Path}.{i + 1}", overwrite: true);
            }
        }
        File.Move(Path, Path + ".1", overwrite: true);
        _stream = Open();
    }

    private void Close()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
