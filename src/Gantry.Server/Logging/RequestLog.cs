using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gantry.Application;
using Microsoft.Extensions.Logging;

namespace Gantry.Server.Logging;

/// <summary>
/// One line per request, by default in uWSGI's shape, which log pipelines grep:
/// <c>[pid: 14693|app: 0|req: 1/1] 127.0.0.1 () {24 vars in 246 bytes} [Wed Nov 25 12:06:24 2026] GET / =&gt;
/// generated 6 bytes in 0 msecs (HTTP/1.1 200) 1 headers in 45 bytes (1 switches on core 0)</c>;
/// or uWSGI's <c>--log-format</c> template (<see cref="RequestLogFormat"/>), or one JSON object per line (Gantry's
/// <c>--log-json</c>). Off with disable-logging, which costs nothing on the hot path unless log-slow, log-4xx,
/// log-5xx, log-big or log-zero still want some requests (then a finished request reads the clock once).
/// </summary>
internal sealed class RequestLog
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly RequestLogOptions _options;
    private readonly RequestLogFormat? _format;
    private readonly int _workerId;
    private readonly int _pid = Environment.ProcessId;
    private long _requests;

    public RequestLog(ILogger logger, TimeProvider time, bool enabled, RequestLogOptions? options = null, int workerId = 1)
    {
        _logger = logger;
        _time = time;
        _enabled = enabled;
        _options = options ?? new RequestLogOptions();
        _format = _options.Format is { } template ? RequestLogFormat.Parse(template) : null;
        _workerId = workerId;
    }

    /// <summary>
    /// The size of a response head as uWSGI counts it for the log's "headers in N bytes", <c>%(hsize)</c> and the stats'
    /// <c>tx</c>: "HTTP/1.1 " + the status + CRLF, the application's header lines, and the blank line (45 bytes for
    /// "200 OK" with one Content-Type: text/plain). Fields the front adds itself (Content-Length, Connection) are not
    /// the application's, and uWSGI, which adds none, has no count of them to match.
    /// </summary>
    public static int HeadSize(int statusLength, int headerLinesLength) => "HTTP/1.1 ".Length + statusLength + 2 + headerLinesLength + 2;

    /// <summary>Requests this worker finished (also counted when logging is off).</summary>
    public long Requests => _requests;

    public void Write(CgiVariables variables, int statusCode, long bodyBytes, long startTimestamp, int headerCount, int headerBytes, int core)
    {
        var count = ++_requests;
        if (!_enabled && !_options.HasExceptions)
        {
            return;
        }
        var elapsed = _time.GetElapsedTime(startTimestamp);
        if (!_enabled && !Exceptional(statusCode, bodyBytes, elapsed))
        {
            return;
        }
        var entry = new RequestLogEntry
        {
            Variables = variables,
            ClientAddress = ClientAddress(variables),
            StatusCode = statusCode,
            BodyBytes = bodyBytes,
            HeaderBytes = headerBytes,
            HeaderCount = headerCount,
            Micros = (long)(elapsed.Ticks / 10),
            Start = _time.GetLocalNow() - elapsed,
            Pid = _pid,
            WorkerId = _workerId,
            Core = core,
            Count = count,
        };
        _logger.Request(_options.Json ? JsonLine(entry) : _format?.Render(entry) ?? DefaultLine(entry));
    }

    /// <summary>uWSGI's exceptions to disable-logging: slow, 4xx, 5xx, big and empty responses.</summary>
    private bool Exceptional(int statusCode, long bodyBytes, TimeSpan elapsed) =>
        (_options.SlowMilliseconds > 0 && elapsed.TotalMilliseconds > _options.SlowMilliseconds)
        || (_options.ClientErrors && statusCode is >= 400 and < 500)
        || (_options.ServerErrors && statusCode >= 500)
        || (_options.BigBytes > 0 && bodyBytes > _options.BigBytes)
        || (_options.Zero && bodyBytes == 0);

    /// <summary>REMOTE_ADDR, or with log-x-forwarded-for the X-Forwarded-For header when the request has one.</summary>
    private string ClientAddress(CgiVariables variables)
    {
        if (_options.XForwardedFor && variables.TryGetValue("HTTP_X_FORWARDED_FOR"u8, out var forwarded) && forwarded.Length > 0)
        {
            return Encoding.Latin1.GetString(forwarded);
        }
        return variables.TryGetValue("REMOTE_ADDR"u8, out var address) ? Encoding.Latin1.GetString(address) : "-";
    }

    private string DefaultLine(in RequestLogEntry entry)
    {
        var variables = entry.Variables;
        var time = _options.Micros ? $"{entry.Micros} micros" : $"{entry.Micros / 1000} msecs";
        return string.Create(CultureInfo.InvariantCulture,
            $"[pid: {_pid}|app: 0|req: {entry.Count}/{entry.Count}] {entry.ClientAddress} () {{{variables.Count} vars in {entry.VariableBytes} bytes}} " +
            $"[{_time.GetLocalNow():ddd MMM d HH:mm:ss yyyy}] {Value(variables, "REQUEST_METHOD"u8)} {Value(variables, "REQUEST_URI"u8)} => " +
            $"generated {entry.BodyBytes} bytes in {time} ({Value(variables, "SERVER_PROTOCOL"u8)} {entry.StatusCode}) " +
            $"{entry.HeaderCount} headers in {entry.HeaderBytes} bytes (1 switches on core {entry.Core})");
    }

    /// <summary>Gantry's JSON request line: one object, the same facts as the default line, named as uWSGI's log variables.</summary>
    private static string JsonLine(in RequestLogEntry entry)
    {
        var output = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("time", entry.Start.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture));
            json.WriteString("addr", entry.ClientAddress);
            json.WriteString("method", entry.Variable("REQUEST_METHOD"u8));
            json.WriteString("uri", entry.Variable("REQUEST_URI"u8));
            json.WriteString("proto", entry.Variable("SERVER_PROTOCOL"u8));
            json.WriteNumber("status", entry.StatusCode);
            json.WriteNumber("size", entry.HeaderBytes + entry.BodyBytes);
            json.WriteNumber("rsize", entry.BodyBytes);
            json.WriteNumber("micros", entry.Micros);
            json.WriteString("host", entry.Variable("HTTP_HOST"u8));
            json.WriteString("uagent", entry.Variable("HTTP_USER_AGENT"u8));
            json.WriteString("referer", entry.Variable("HTTP_REFERER"u8));
            json.WriteNumber("pid", entry.Pid);
            json.WriteNumber("wid", entry.WorkerId);
            json.WriteNumber("core", entry.Core);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string Value(CgiVariables variables, ReadOnlySpan<byte> key) =>
        variables.TryGetValue(key, out var value) ? Encoding.Latin1.GetString(value) : "-";
}
