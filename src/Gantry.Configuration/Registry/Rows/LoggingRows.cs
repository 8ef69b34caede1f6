using Gantry.Configuration.Binding;
using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Request and server logging (uWSGI core/uwsgi.c, core/logging.c).</summary>
internal static class LoggingRows
{
    private const string Rotation = "Gantry neither chowns nor truncates its log file, nor rotates it on a touched file; rotate by size with log-maxsize, or with logrotate (copytruncate, or move then SIGHUP with log-reopen)";
    private const string LogMaster = "every Gantry process appends its own lines to the shared log file (O_APPEND); there is no master log pipe";
    private const string Format = "strftime in request log templates, a per-line prefix and these extra triggers are not implemented (log-date prefixes gantry's own lines)";
    private const string Engines = "log engines and routing are not implemented; Gantry logs to stderr or the logto file, and request lines to req-logger's file:, fd: or stdio";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Logging;
        t.Supported("disable-logging -L", Flag, "do not log each request", (o, v) => o.DisableLogging = v.Flag, defaultValue: "false");

        t.Supported("logto", Text,
            "append stdout and stderr (gantry's lines, the request log, print() and tracebacks, workers too) to this file, opened before binding",
            (o, v) => o.LogTo = v.Text);
        t.Supported("logto2", Text, "logto, opened after privileges are dropped", (o, v) => o.LogTo2 = v.Text);
        t.Supported("log-reopen", Flag, "reopen the logto/daemonize file when the master reloads (SIGHUP), for logrotate",
            (o, v) => o.LogReopen = v.Flag, defaultValue: "false");
        t.Ignored(Rotation,
            ("logfile-chown", Flag, "give the log file to the uid/gid user"),
            ("logfile-chmod", OctalMode, "permissions of the log file"),
            ("log-truncate", Flag, "truncate the log file at startup"),
            ("touch-logrotate *", Text, "rotate the log when this file's mtime changes"),
            ("touch-logreopen *", Text, "reopen the log when this file's mtime changes"));
        t.Supported("log-maxsize", Bytes,
            "rotate the log file (logto, logto2, daemonize) once it is larger than this: the master (or the single process) renames it and every process reopens it within a second",
            (o, v) => o.LogMaxSize = v.Number, defaultValue: "0");
        t.Supported("log-backupname", Text, "name of the rotated log file (default: the log file's name + \".\" + the Unix time)",
            (o, v) => o.LogBackupName = v.Text);
        t.Ignored(LogMaster,
            ("log-master", Flag, "let the master write the log for everyone"),
            ("log-master-bufsize", Bytes, "buffer size of the master's log reader"),
            ("log-master-stream", Flag, "read the log as a stream, not as datagrams"),
            ("log-master-req-stream", Flag, "read the request log as a stream"),
            ("threaded-logger", Flag, "write the log from a thread of the master"));
        t.Supported("log-format logformat", Text, "template of the request log line, with uWSGI's variables: %(addr) %(method) %(uri) %(status) %(msecs) %(var.NAME) ...",
            (o, v) => o.LogFormat = v.Text);
        t.Supported("log-json", Flag, "write each request log line as one JSON object (time, addr, method, uri, proto, status, size, rsize, micros, host, uagent, referer, pid, wid, core)",
            (o, v) => o.LogJson = v.Flag, defaultValue: "false", gantryOnly: true);
        t.Supported("log-x-forwarded-for", Flag, "log X-Forwarded-For as the client address",
            (o, v) => o.LogXForwardedFor = v.Flag, defaultValue: "false");
        t.Supported("log-micros", Flag, "log request times in microseconds",
            (o, v) => o.LogMicros = v.Flag, defaultValue: "false");
        t.Supported("log-slow", Integer, "log requests slower than N milliseconds even when logging is disabled",
            (o, v) => o.LogSlow = v.Int32, defaultValue: "0", maximum: int.MaxValue);
        t.Supported("log-4xx", Flag, "log 4xx responses even when logging is disabled",
            (o, v) => o.Log4xx = v.Flag, defaultValue: "false");
        t.Supported("log-5xx", Flag, "log 5xx responses even when logging is disabled",
            (o, v) => o.Log5xx = v.Flag, defaultValue: "false");
        t.Supported("log-big", Bytes, "log responses larger than N bytes even when logging is disabled",
            (o, v) => o.LogBig = v.Number, defaultValue: "0");
        t.Supported("log-zero", Flag, "log responses with an empty body even when logging is disabled",
            (o, v) => o.LogZero = v.Flag, defaultValue: "false");
        t.Supported("log-date logdate ?", Text,
            "prefix gantry's own log lines (not request lines) with the date as ctime(3) writes it, or with this strftime(3) format, and \" - \"",
            (o, v) => o.LogDate = OptionValueParser.IsTrue(v.Text) && v.Text.Length > 0 && !IsYes(v.Text) ? v.Text : OptionValueParser.IsTrue(v.Text) ? "" : null);
        t.Ignored(Format,
            ("logformat-strftime log-format-strftime", Flag, "apply strftime to the request log format"),
            ("log-prefix", Text, "prefix of every log line"),
            ("log-sendfile", Flag, "log sendfile requests even when logging is disabled"),
            ("log-ioerror", Flag, "log requests with I/O errors even when logging is disabled"),
            ("use-abort", Flag, "call abort() on segfaults and fpe"));
        t.Supported("req-logger logger-req *", Text,
            "write request lines to this logger instead of the log: file:PATH, file:logfile=PATH[,maxsize=N][,backupname=NAME], fd:N or stdio (several: each gets every line)",
            (o, v) => o.RequestLoggers.Add(v.Text));
        t.Ignored(Engines,
            ("log-syslog ?", Text, "log to syslog"),
            ("log-socket", Text, "log to this socket"),
            ("logger *", Text, "add a log engine"),
            ("worker-logger *", Text, "add a log engine run by workers"),
            ("worker-logger-req *", Text, "add a request log engine run by workers"),
            ("log-encoder *", Text, "transform every log line"),
            ("log-req-encoder *", Text, "transform every request log line"),
            ("worker-log-encoder *", Text, "transform every log line in the workers"),
            ("worker-log-req-encoder *", Text, "transform every request log line in the workers"),
            ("log-drain *", Text, "drop log lines matching this regexp"),
            ("log-filter *", Text, "keep only log lines matching this regexp"),
            ("log-route *", Text, "send lines matching a regexp to a named logger"),
            ("log-req-route *", Text, "send request lines matching a regexp to a named logger"));
    }

    /// <summary>uWSGI's logdate takes these as "on, with ctime's date" rather than as a strftime format.</summary>
    private static bool IsYes(string text) =>
        text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("on", StringComparison.OrdinalIgnoreCase)
        || text.Equals("yes", StringComparison.OrdinalIgnoreCase) || text == "1";
}
