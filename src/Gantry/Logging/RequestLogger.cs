using Gantry.Server.Logging;

namespace Gantry.Logging;

/// <summary>
/// uWSGI's request loggers (req-logger / logger-req, plugins/logfile): <c>file:PATH</c>, its key-value form
/// <c>file:logfile=PATH,maxsize=N,backupname=NAME</c>, <c>fd:N</c> and <c>stdio</c> (the log itself). Each process opens
/// the file for append itself; uWSGI's other engines (syslog, socket, zeromq…) are refused with the list of these. A
/// relative PATH or NAME starts from chdir's directory when there is one, as uWSGI opens its loggers after its chdir.
/// </summary>
internal static class RequestLogger
{
    /// <summary>
    /// The target <paramref name="spec"/> names, or null with the reason; a relative file starts from
    /// <paramref name="directory"/> (null: the current directory).
    /// </summary>
    public static IRequestLogTarget? Open(string spec, LogDescriptorWriter log, bool rotates, string? directory, out string? error)
    {
        error = null;
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var (name, argument) = colon < 0 ? (spec, "") : (spec[..colon], spec[(colon + 1)..]);
        switch (name)
        {
            case "stdio":
                return log;
            case "fd" when int.TryParse(argument, out var fd) && fd >= 0:
                return new LogDescriptorWriter(fd);
            case "fd":
                error = $"req-logger {spec}: fd: needs a descriptor number (fd:3)";
                return null;
            case "file":
                return OpenFile(spec, argument, rotates, directory ?? Directory.GetCurrentDirectory(), out error);
            default:
                error = $"req-logger {spec}: Gantry's request loggers are file:PATH, file:logfile=PATH,maxsize=N,backupname=NAME, fd:N and stdio; "
                    + "uWSGI's other engines (syslog, socket, zeromq, …) are not implemented";
                return null;
        }
    }

    private static LogDescriptorWriter? OpenFile(string spec, string argument, bool rotates, string directory, out string? error)
    {
        error = null;
        var path = argument;
        long maxSize = 0;
        string? backupName = null;
        if (argument.Contains('=', StringComparison.Ordinal))
        {
            path = "";
            foreach (var pair in argument.Split(','))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (key, value) = equals < 0 ? (pair, "") : (pair[..equals], pair[(equals + 1)..]);
                switch (key)
                {
                    case "logfile": path = value; break;
                    case "backupname": backupName = value; break;
                    case "maxsize" when long.TryParse(value, out var size) && size >= 0: maxSize = size; break;
                    default:
                        error = $"req-logger {spec}: unknown or invalid key '{pair}' (the keys are logfile, maxsize in bytes, backupname)";
                        return null;
                }
            }
        }
        if (path.Length == 0)
        {
            error = $"req-logger {spec}: no file named (file:PATH or file:logfile=PATH)";
            return null;
        }
        path = Path.GetFullPath(path, directory);
        backupName = backupName is null ? null : Path.GetFullPath(backupName, directory);
        var fd = LogFile.Open(path, out var reason);
        if (fd < 0)
        {
            error = $"req-logger {spec}: cannot open {path}: {reason}";
            return null;
        }
        var writer = new LogDescriptorWriter(fd);
        if (maxSize > 0)
        {
            writer.Rotation = new LogFileRotation(path, maxSize, backupName, rotates, [fd]);
        }
        return writer;
    }
}

/// <summary>Several req-loggers: every line goes to each.</summary>
internal sealed class RequestLoggerSet(IRequestLogTarget[] targets) : IRequestLogTarget
{
    public void WriteLines(ReadOnlySpan<byte> lines, int count)
    {
        foreach (var target in targets)
        {
            target.WriteLines(lines, count);
        }
    }
}
