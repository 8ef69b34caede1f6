using System.Text;
using Gantry.Posix.Files;

namespace Gantry.Logging;

/// <summary>
/// uWSGI's log-maxsize and log-backupname (core/logging.c uwsgi_check_logrotate, uwsgi_log_do_rotate) without uWSGI's
/// log master, where every process appends to the file itself: once a second at most, before a write, the process that
/// rotates (the master, or the single process) writes "logsize: N, triggering rotation to NAME...", renames the file
/// and opens a new one in its place; every other process sees that the name now points to another file and opens it
/// too, so a worker's lines reach the new file within a second of the rotation. The same check follows a file that
/// logrotate moved away (a new file is created by the name). A pipe or socket is never rotated.
/// </summary>
internal sealed class LogFileRotation(string path, long maxSize, string? backupName, bool rotates, int[] descriptors)
{
    private const long IntervalMilliseconds = 1000;

    private long _nextCheck;
    private bool _disabled;

    /// <summary>Rotates or follows when due; <paramref name="force"/> ignores the once-a-second limit. Under the writer's lock.</summary>
    public void Check(LogDescriptorWriter writer, bool force)
    {
        var now = Environment.TickCount64;
        if (_disabled || (!force && now < _nextCheck))
        {
            return;
        }
        _nextCheck = now + IntervalMilliseconds;
        if (FileSystemCalls.Identify(descriptors[0]) is not { } open)
        {
            return;
        }
        if (open.IsStream)
        {
            _disabled = true;
            return;
        }
        var named = FileSystemCalls.Identify(path);
        if (named is { } file ? file.Device != open.Device || file.Inode != open.Inode : rotates)
        {
            // Another process rotated it, or logrotate moved it: open what the name is now (only the process that rotates
            // creates a missing file, so a worker started elsewhere never leaves a stray one).
            Reopen(writer);
            return;
        }
        if (rotates && maxSize > 0 && open.Size > maxSize)
        {
            Rotate(writer, open.Size);
        }
    }

    private void Rotate(LogDescriptorWriter writer, long size)
    {
        var target = backupName ?? $"{path}.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
        writer.WriteRaw(Encoding.UTF8.GetBytes($"logsize: {size}, triggering rotation to {target}...\n"));
        try
        {
            File.Move(path, target, overwrite: true);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            writer.WriteRaw(Encoding.UTF8.GetBytes($"unable to rotate log {path} to {target}: {failure.Message}\n"));
            return;
        }
        Reopen(writer);
    }

    /// <summary>Opens the file by its name and puts it behind every descriptor; if it cannot be opened, logging goes on to the old one.</summary>
    private void Reopen(LogDescriptorWriter writer)
    {
        if (!LogFile.Redirect(path, descriptors, out var reason))
        {
            writer.WriteRaw(Encoding.UTF8.GetBytes($"cannot open the rotated log file {path}: {reason}; logging on to the old one\n"));
        }
    }
}
