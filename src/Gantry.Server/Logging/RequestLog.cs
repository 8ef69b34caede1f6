using System.Globalization;
using System.Text;
using Gantry.Application;
using Microsoft.Extensions.Logging;

namespace Gantry.Server.Logging;

/// <summary>
/// One line per request in uWSGI's default shape, which log pipelines grep:
/// <c>[pid: 14693|app: 0|req: 1/1] 127.0.0.1 () {24 vars in 246 bytes} [Wed Nov 25 12:06:24 2026] GET / =&gt;
/// generated 6 bytes in 0 msecs (HTTP/1.1 200) 1 headers in 45 bytes (1 switches on core 0)</c>.
/// Off with disable-logging, which costs nothing on the hot path.
/// </summary>
internal sealed class RequestLog
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _pid = Environment.ProcessId;
    private long _requests;

    public RequestLog(ILogger logger, TimeProvider time, bool enabled)
    {
        _logger = logger;
        _time = time;
        Enabled = enabled;
    }

    public bool Enabled { get; }

    /// <summary>Requests this worker finished (also counted when logging is off).</summary>
    public long Requests => _requests;

    public void Write(CgiVariables variables, int statusCode, long bodyBytes, long startTimestamp, int headerCount, int headerBytes, int core)
    {
        var count = ++_requests;
        if (!Enabled)
        {
            return;
        }
        var varBytes = 0;
        for (var i = 0; i < variables.Count; i++)
        {
            varBytes += variables.KeyAt(i).Length + variables.ValueAt(i).Length;
        }
        var elapsed = _time.GetElapsedTime(startTimestamp);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[pid: {_pid}|app: 0|req: {count}/{count}] {Value(variables, "REMOTE_ADDR"u8)} () {{{variables.Count} vars in {varBytes} bytes}} " +
            $"[{_time.GetLocalNow():ddd MMM d HH:mm:ss yyyy}] {Value(variables, "REQUEST_METHOD"u8)} {Value(variables, "REQUEST_URI"u8)} => " +
            $"generated {bodyBytes} bytes in {(long)elapsed.TotalMilliseconds} msecs ({Value(variables, "SERVER_PROTOCOL"u8)} {statusCode}) " +
            $"{headerCount} headers in {headerBytes} bytes (1 switches on core {core})");
        _logger.Request(line);
    }

    private static string Value(CgiVariables variables, ReadOnlySpan<byte> key) =>
        variables.TryGetValue(key, out var value) ? Encoding.Latin1.GetString(value) : "-";
}
