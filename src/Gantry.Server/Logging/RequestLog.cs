using System.Globalization;
using System.Text;
using System.Text.Json;
using Gantry.Application;
using Gantry.Server.Loop;

namespace Gantry.Server.Logging;

/// <summary>
/// One line per request, by default in uWSGI's shape, which log pipelines grep:
/// <c>[pid: 14693|app: 0|req: 1/1] 127.0.0.1 () {24 vars in 246 bytes} [Wed Nov 25 12:06:24 2026] GET / =&gt;
/// generated 6 bytes in 0 msecs (HTTP/1.1 200) 1 headers in 45 bytes (1 switches on core 0)</c>;
/// or uWSGI's <c>--log-format</c> template (<see cref="RequestLogFormat"/>), or one JSON object per line (Gantry's
/// <c>--log-json</c>). Off with disable-logging, which costs nothing on the hot path unless log-slow, log-4xx,
/// log-5xx, log-big or log-zero still want some requests (then a finished request reads the clock once).
/// <para>
/// One per loop, used on its thread only. Lines are formatted as UTF-8 straight into a reused buffer, and the buffer
/// goes to the <see cref="IRequestLogTarget"/> at the end of the loop's turn (<see cref="OnTurnEnd"/>): one write for
/// every request the turn finished, before the loop waits again. A line formatted and written per request cost a
/// fifth of a hello's throughput. The price: a worker killed by a signal loses the lines of the turn it was in.
/// </para>
/// </summary>
internal sealed class RequestLog : ILoopTurnEnd
{
    /// <summary>A turn that finished this many bytes of lines writes them before it goes on.</summary>
    private const int FlushBytes = 64 * 1024;

    private readonly IRequestLogTarget _target;
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly RequestLogOptions _options;
    private readonly RequestLogFormat? _format;
    private readonly bool _needsStart;
    private readonly int _workerId;
    private readonly int _pid = Environment.ProcessId;
    private readonly LogLineBuffer _pending = new();
    private Utf8JsonWriter? _json;
    private int _pendingLines;
    private long _requests;
    private long _dateSecond = long.MinValue;
    private readonly byte[] _date = new byte[RequestLogFormat.CTimeLength];
    private int _dateLength;

    public RequestLog(IRequestLogTarget target, TimeProvider time, bool enabled, RequestLogOptions? options = null, int workerId = 1)
    {
        _target = target;
        _time = time;
        _enabled = enabled;
        _options = options ?? new RequestLogOptions();
        _format = _options.Format is { } template ? RequestLogFormat.Parse(template) : null;
        _needsStart = _options.Json || (_format?.NeedsStart ?? false);
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
            XForwardedFor = _options.XForwardedFor,
            StatusCode = statusCode,
            BodyBytes = bodyBytes,
            HeaderBytes = headerBytes,
            HeaderCount = headerCount,
            Micros = (long)(elapsed.Ticks / 10),
            Start = _needsStart ? _time.GetLocalNow() - elapsed : default,
            Pid = _pid,
            WorkerId = _workerId,
            Core = core,
            Count = count,
        };
        if (_options.Json)
        {
            JsonLine(entry);
        }
        else if (_format is { } format)
        {
            format.Render(entry, _pending);
        }
        else
        {
            DefaultLine(entry);
        }
        _pending.Append((byte)'\n');
        _pendingLines++;
        if (_pending.Length >= FlushBytes)
        {
            OnTurnEnd();
        }
    }

    /// <summary>Writes the lines of this turn, if any.</summary>
    public void OnTurnEnd()
    {
        if (_pendingLines == 0)
        {
            return;
        }
        try
        {
            _target.WriteLines(_pending.Written, _pendingLines);
        }
        finally
        {
            _pending.Clear();
            _pendingLines = 0;
        }
    }

    /// <summary>uWSGI's exceptions to disable-logging: slow, 4xx, 5xx, big and empty responses.</summary>
    private bool Exceptional(int statusCode, long bodyBytes, TimeSpan elapsed) =>
        (_options.SlowMilliseconds > 0 && elapsed.TotalMilliseconds > _options.SlowMilliseconds)
        || (_options.ClientErrors && statusCode is >= 400 and < 500)
        || (_options.ServerErrors && statusCode >= 500)
        || (_options.BigBytes > 0 && bodyBytes > _options.BigBytes)
        || (_options.Zero && bodyBytes == 0);

    private void DefaultLine(in RequestLogEntry entry)
    {
        var line = _pending;
        var variables = entry.Variables;
        line.Append("[pid: "u8);
        line.Append(_pid);
        line.Append("|app: 0|req: "u8);
        line.Append(entry.Count);
        line.Append((byte)'/');
        line.Append(entry.Count);
        line.Append("] "u8);
        line.AppendField(entry.ClientAddress);
        line.Append(" () {"u8);
        line.Append(variables.Count);
        line.Append(" vars in "u8);
        line.Append(entry.VariableBytes);
        line.Append(" bytes} ["u8);
        line.Append(Date());
        line.Append("] "u8);
        AppendValue(line, variables, "REQUEST_METHOD"u8);
        line.Append((byte)' ');
        AppendValue(line, variables, "REQUEST_URI"u8);
        line.Append(" => generated "u8);
        line.Append(entry.BodyBytes);
        line.Append(" bytes in "u8);
        if (_options.Micros)
        {
            line.Append(entry.Micros);
            line.Append(" micros ("u8);
        }
        else
        {
            line.Append(entry.Micros / 1000);
            line.Append(" msecs ("u8);
        }
        AppendValue(line, variables, "SERVER_PROTOCOL"u8);
        line.Append((byte)' ');
        line.Append(entry.StatusCode);
        line.Append(") "u8);
        line.Append(entry.HeaderCount);
        line.Append(" headers in "u8);
        line.Append(entry.HeaderBytes);
        line.Append(" bytes (1 switches on core "u8);
        line.Append(entry.Core);
        line.Append((byte)')');
    }

    /// <summary>Now as ctime(3) writes it ("Mon Dec  7 03:12:00 2026", the day padded with a space), local time, formatted once a second.</summary>
    private ReadOnlySpan<byte> Date()
    {
        var now = _time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        if (second != _dateSecond)
        {
            _dateSecond = second;
            // Into the reused array, without a string: a request that crosses into a new second allocates nothing either.
            _dateLength = RequestLogFormat.WriteCTime(TimeZoneInfo.ConvertTime(now, _time.LocalTimeZone), _date);
        }
        return _date.AsSpan(0, _dateLength);
    }

    /// <summary>Gantry's JSON request line: one object, the same facts as the default line, named as uWSGI's log variables.</summary>
    private void JsonLine(in RequestLogEntry entry)
    {
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_pending);
        }
        else
        {
            _json.Reset(_pending);
        }
        var json = _json;
        json.WriteStartObject();
        json.WriteString("time", entry.Start.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture));
        json.WriteString("addr", Encoding.Latin1.GetString(entry.ClientAddress));
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
        json.Flush();
    }

    private static void AppendValue(LogLineBuffer line, CgiVariables variables, ReadOnlySpan<byte> key)
    {
        if (variables.TryGetValue(key, out var value))
        {
            line.AppendField(value);
        }
        else
        {
            line.Append((byte)'-');
        }
    }
}
