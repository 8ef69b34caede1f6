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
/// goes to the <see cref="IRequestLogTarget"/> as the loop's deferred work (<see cref="RunDeferred"/>), as nginx's
/// <c>access_log … buffer=16k flush=10ms</c> does: when the lines reach 16 KiB, when the first of them has waited
/// 10 ms (the loop sleeps no longer than that), and when the loop stops. Under load that is one write(2) for about a
/// hundred requests, whatever the loop's turns look like; a line formatted and written per request cost a fifth of a
/// hello's throughput, a write per loop turn still several %. The price: lines reach the file up to 10 ms late, and a
/// worker killed by a signal loses those it had not written (at most 16 KiB, at most 10 ms of them).
/// </para>
/// <para>
/// Time: one monotonic clock read per logged request gives its response time (from the connection's start stamp). The
/// default line's date is when the request started, as uWSGI's (a request of 3 s logged at 12:00:03 says 12:00:00);
/// its text is made once a second from the wall clock, and the monotonic clock says which second a start stamp falls
/// in (a wall-clock step shows from the next second on). The default line's msecs are whole milliseconds, cut as
/// uWSGI's.
/// </para>
/// </summary>
internal sealed class RequestLog : ILoopDeferredWork
{
    /// <summary>
    /// Lines kept back up to this many bytes (about a hundred default lines) are written before the loop goes on. The
    /// kernel's cost per line falls with larger writes (ext4 here, 200-byte lines: 216 ns a line in 4 KiB writes, 141 in
    /// 16 KiB, 85 in 64 KiB), but the worker's does not: with 64 KiB the observed hello cost 1.1 % more CPU per request
    /// than with 16 KiB (bench/results/2026-12-07-issue16-observed-cpu-pairs-64k-vs-16k.md), the buffer no longer
    /// staying in the cache between writes.
    /// </summary>
    private const int FlushBytes = 16 * 1024;

    /// <summary>The longest a line waits for its write.</summary>
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(10);

    private readonly IRequestLogTarget _target;
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly RequestLogOptions _options;
    private readonly RequestLogFormat? _format;
    private readonly bool _needsStart;
    private readonly int _workerId;
    private readonly int _pid = Environment.ProcessId;
    // Room for FlushBytes of lines plus the longest reservation a line makes before it is written, so the buffer does
    // not grow (allocate) in the middle of a warm worker's requests.
    private readonly LogLineBuffer _pending = new(2 * FlushBytes);
    private Utf8JsonWriter? _json;
    private int _pendingLines;
    private long _flushDue = long.MaxValue;
    private readonly long _flushDelayTimestamps;
    private long _requests;
    private long _dateFrom = long.MaxValue;
    private long _dateUntil = long.MinValue;
    private readonly byte[] _date = new byte[RequestLogFormat.CTimeLength];
    private int _dateLength;
    private readonly byte[] _defaultLinePrefix;

    public RequestLog(IRequestLogTarget target, TimeProvider time, bool enabled, RequestLogOptions? options = null, int workerId = 1)
    {
        _target = target;
        _time = time;
        _enabled = enabled;
        _options = options ?? new RequestLogOptions();
        _format = _options.Format is { } template ? RequestLogFormat.Parse(template) : null;
        _needsStart = _options.Json || (_format?.NeedsStart ?? false);
        _workerId = workerId;
        _defaultLinePrefix = System.Text.Encoding.ASCII.GetBytes($"[pid: {_pid}|app: 0|req: ");
        _flushDelayTimestamps = (long)(FlushDelay.TotalSeconds * time.TimestampFrequency);
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
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(startTimestamp, now);
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
            DefaultLine(entry, startTimestamp, now);
        }
        _pending.Append((byte)'\n');
        if (_pendingLines++ == 0)
        {
            _flushDue = now + _flushDelayTimestamps;
        }
        if (_pending.Length >= FlushBytes)
        {
            RunDeferred();
        }
    }

    /// <inheritdoc />
    public long DeferredDue => _flushDue;

    /// <summary>Writes the lines kept back, if any.</summary>
    public void RunDeferred()
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
            _flushDue = long.MaxValue;
        }
    }

    /// <summary>uWSGI's exceptions to disable-logging: slow, 4xx, 5xx, big and empty responses.</summary>
    private bool Exceptional(int statusCode, long bodyBytes, TimeSpan elapsed) =>
        (_options.SlowMilliseconds > 0 && elapsed.TotalMilliseconds > _options.SlowMilliseconds)
        || (_options.ClientErrors && statusCode is >= 400 and < 500)
        || (_options.ServerErrors && statusCode >= 500)
        || (_options.BigBytes > 0 && bodyBytes > _options.BigBytes)
        || (_options.Zero && bodyBytes == 0);

    /// <summary>
    /// uWSGI's default line, written into a span reserved for its longest possible length: the constant start
    /// ("[pid: N|app: 0|req: ") made once, every other piece put with no growth check and no culture lookup.
    /// </summary>
    private void DefaultLine(in RequestLogEntry entry, long start, long now)
    {
        var variables = entry.Variables;
        var address = entry.ClientAddress;
        var method = Value(variables, "REQUEST_METHOD"u8);
        var uri = Value(variables, "REQUEST_URI"u8);
        var protocol = Value(variables, "SERVER_PROTOCOL"u8);
        var date = Date(start, now);
        var fields = address.Length + method.Length + uri.Length + protocol.Length;
        var line = new LogLineWriter(_pending.GetSpan(_defaultLinePrefix.Length + DefaultLineTextLength + date.Length
            + (DefaultLineNumbers * LogLineWriter.MaxDecimalLength) + (fields * LogLineWriter.MaxFieldExpansion)));
        line.Put(_defaultLinePrefix);
        var countStart = line.Length;
        line.Put(entry.Count);
        var countLength = line.Length - countStart;
        line.Put((byte)'/');
        line.Repeat(countStart, countLength);
        line.Put("] "u8);
        line.PutField(address);
        line.Put(" () {"u8);
        line.Put(variables.Count);
        line.Put(" vars in "u8);
        line.Put(entry.VariableBytes);
        line.Put(" bytes} ["u8);
        line.Put(date);
        line.Put("] "u8);
        line.PutField(method);
        line.Put((byte)' ');
        line.PutField(uri);
        line.Put(" => generated "u8);
        line.Put(entry.BodyBytes);
        line.Put(" bytes in "u8);
        if (_options.Micros)
        {
            line.Put(entry.Micros);
            line.Put(" micros ("u8);
        }
        else
        {
            line.Put(entry.Micros / 1000);
            line.Put(" msecs ("u8);
        }
        line.PutField(protocol);
        line.Put((byte)' ');
        line.Put(entry.StatusCode);
        line.Put(") "u8);
        line.Put(entry.HeaderCount);
        line.Put(" headers in "u8);
        line.Put(entry.HeaderBytes);
        line.Put(" bytes (1 switches on core "u8);
        line.Put(entry.Core);
        line.Put((byte)')');
        _pending.Advance(line.Length);
    }

    /// <summary>The default line's integers (count twice, vars, bytes, body, time, status, headers, head bytes, core).</summary>
    private const int DefaultLineNumbers = 10;

    /// <summary>The default line's constant text after its start, with room to spare ("-" for each absent field included).</summary>
    private const int DefaultLineTextLength = 160;

    /// <summary>
    /// The date of a request that started at <paramref name="start"/> (monotonic; <paramref name="now"/> is the same
    /// clock's reading now), as ctime(3) writes it ("Mon Dec  7 03:12:00 2026", the day padded with a space), local
    /// time. Formatted from the wall clock once a second, into a reused array; while the start stamps fall in the second
    /// it shows, no clock is read for it.
    /// </summary>
    private ReadOnlySpan<byte> Date(long start, long now)
    {
        if (start >= _dateUntil || start < _dateFrom)
        {
            var startTime = _time.GetUtcNow() - _time.GetElapsedTime(start, now);
            _dateLength = RequestLogFormat.WriteCTime(TimeZoneInfo.ConvertTime(startTime, _time.LocalTimeZone), _date);
            var intoSecond = startTime.UtcTicks % TimeSpan.TicksPerSecond;
            _dateFrom = start - (intoSecond * _time.TimestampFrequency / TimeSpan.TicksPerSecond);
            _dateUntil = start + ((TimeSpan.TicksPerSecond - intoSecond) * _time.TimestampFrequency / TimeSpan.TicksPerSecond);
        }
        return _date.AsSpan(0, _dateLength);
    }

    /// <summary>The request variable <paramref name="key"/>, or "-" when the request has none.</summary>
    private static ReadOnlySpan<byte> Value(CgiVariables variables, ReadOnlySpan<byte> key) =>
        variables.TryGetValue(key, out var value) ? value : "-"u8;

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
}
