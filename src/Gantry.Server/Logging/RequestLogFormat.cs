using System.Globalization;
using System.Text;
using Gantry.Application;

namespace Gantry.Server.Logging;

/// <summary>
/// uWSGI's request log template (<c>--log-format</c>, core/logging.c): literal text with <c>%(name)</c> variables, parsed
/// once. The variables are uWSGI's: uri, method, user, addr, host, proto, uagent, referer (request fields); status,
/// size (head and body bytes), rsize (body), hsize (head), cl (request Content-Length), micros, msecs, secs (response
/// time), time, tmsecs, tmicros (start, epoch), ltime and ftime ("06/Dec/2026:21:00:00 +0000"), ctime, epoch (now),
/// pid, wid, core, vars, pktsize, headers, switches, modifier1, modifier2, and <c>%(var.NAME)</c> for any request
/// variable. rss, vsz, rssM and vszM read 0 and werr, rerr and ioerr 0, as uWSGI without --memory-report; a name uWSGI
/// leaves to the application (uwsgi.set_logvar) writes nothing.
/// </summary>
internal sealed class RequestLogFormat
{
    private readonly Segment[] _segments;

    private RequestLogFormat(Segment[] segments) => _segments = segments;

    /// <summary>Parses <paramref name="template"/>; a <c>%(</c> without its <c>)</c> stays literal text.</summary>
    public static RequestLogFormat Parse(string template)
    {
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var close = template.IndexOf(')', i);
            if (template[i] == '%' && i + 1 < template.Length && template[i + 1] == '(' && close > i)
            {
                if (literal.Length > 0)
                {
                    segments.Add(Segment.Text(literal.ToString()));
                    literal.Clear();
                }
                segments.Add(Segment.Variable(template[(i + 2)..close]));
                i = close + 1;
                continue;
            }
            literal.Append(template[i]);
            i++;
        }
        if (literal.Length > 0)
        {
            segments.Add(Segment.Text(literal.ToString()));
        }
        return new RequestLogFormat([.. segments]);
    }

    /// <summary>The line for one finished request, appended to <paramref name="line"/> (without its newline).</summary>
    public void Render(in RequestLogEntry entry, LogLineBuffer line)
    {
        foreach (var segment in _segments)
        {
            if (segment.Kind == Field.Literal)
            {
                line.Append(segment.Bytes!);
            }
            else
            {
                AppendVariable(line, segment, entry);
            }
        }
    }

    /// <summary>The line for one finished request, as text.</summary>
    public string Render(in RequestLogEntry entry)
    {
        var line = new LogLineBuffer(256);
        Render(entry, line);
        return Encoding.UTF8.GetString(line.Written);
    }

    private static void AppendVariable(LogLineBuffer line, Segment segment, in RequestLogEntry entry)
    {
        switch (segment.Kind)
        {
            case Field.Request: line.AppendField(entry.Field(segment.Bytes)); break;
            case Field.Address: line.AppendField(entry.ClientAddress); break;
            case Field.Status: line.Append(entry.StatusCode); break;
            case Field.Size: line.Append(entry.HeaderBytes + entry.BodyBytes); break;
            case Field.BodySize: line.Append(entry.BodyBytes); break;
            case Field.HeadSize: line.Append(entry.HeaderBytes); break;
            case Field.ContentLength:
                if (entry.Field("CONTENT_LENGTH"u8) is { Length: > 0 } length)
                {
                    line.AppendField(length);
                }
                else
                {
                    line.Append((byte)'0');
                }
                break;
            case Field.Micros: line.Append(entry.Micros); break;
            case Field.Msecs: line.Append(entry.Micros / 1000); break;
            case Field.Secs: line.Append(entry.Micros / 1e6, "0.000000", 32); break;
            case Field.Time: line.Append(entry.StartMicros / 1_000_000); break;
            case Field.Tmsecs: line.Append(entry.StartMicros / 1000); break;
            case Field.Tmicros: line.Append(entry.StartMicros); break;
            case Field.Ltime: line.Append(ApacheTime(entry.Start)); break;
            case Field.Ctime: line.Advance(WriteCTime(entry.Start, line.GetSpan(CTimeLength))); break;
            case Field.Epoch: line.Append(DateTimeOffset.UtcNow.ToUnixTimeSeconds()); break;
            case Field.Pid: line.Append(entry.Pid); break;
            case Field.WorkerId: line.Append(entry.WorkerId); break;
            case Field.Core: line.Append(entry.Core); break;
            case Field.Vars: line.Append(entry.Variables.Count); break;
            case Field.PacketSize: line.Append(entry.VariableBytes); break;
            case Field.Headers: line.Append(entry.HeaderCount); break;
            case Field.One: line.Append((byte)'1'); break;
            case Field.Zero: line.Append((byte)'0'); break;
            default: break;
        }
    }

    /// <summary>Longest text <see cref="WriteCTime"/> writes.</summary>
    public const int CTimeLength = 24;

    /// <summary>
    /// ctime(3)'s "Sun Dec  6 09:05:07 2026" (the day padded with a space), as uWSGI's ctime and its default line's date,
    /// into <paramref name="destination"/> without a string; the bytes written.
    /// </summary>
    public static int WriteCTime(DateTimeOffset time, Span<byte> destination)
    {
        time.TryFormat(destination, out var length, "ddd MMM ", CultureInfo.InvariantCulture);
        if (time.Day < 10)
        {
            destination[length++] = (byte)' ';
        }
        time.TryFormat(destination[length..], out var rest, "d HH:mm:ss yyyy", CultureInfo.InvariantCulture);
        return length + rest;
    }

    /// <summary>strftime's "%d/%b/%Y:%H:%M:%S %z" in the local zone, as uWSGI's ltime.</summary>
    public static string ApacheTime(DateTimeOffset time)
    {
        var offset = time.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return time.ToString("dd/MMM/yyyy:HH:mm:ss ", CultureInfo.InvariantCulture)
            + sign + abs.Hours.ToString("00", CultureInfo.InvariantCulture) + abs.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>What a template piece writes.</summary>
    private enum Field
    {
        Literal, Nothing, Request, Address, Status, Size, BodySize, HeadSize, ContentLength, Micros, Msecs, Secs, Time, Tmsecs,
        Tmicros, Ltime, Ctime, Epoch, Pid, WorkerId, Core, Vars, PacketSize, Headers, One, Zero,
    }

    /// <summary>Literal text (its UTF-8 bytes), or a variable resolved once at parse time (a request field's key in <see cref="Bytes"/>).</summary>
    private sealed record Segment(Field Kind, byte[] Bytes)
    {
        public static Segment Text(string text) => new(Field.Literal, Encoding.UTF8.GetBytes(text));

        public static Segment Variable(string name) => name switch
        {
            "uri" => Request("REQUEST_URI"),
            "method" => Request("REQUEST_METHOD"),
            "user" => Request("REMOTE_USER"),
            "host" => Request("HTTP_HOST"),
            "proto" => Request("SERVER_PROTOCOL"),
            "uagent" => Request("HTTP_USER_AGENT"),
            "referer" => Request("HTTP_REFERER"),
            "addr" => Of(Field.Address),
            "status" => Of(Field.Status),
            "size" => Of(Field.Size),
            "rsize" => Of(Field.BodySize),
            "hsize" => Of(Field.HeadSize),
            "cl" => Of(Field.ContentLength),
            "micros" => Of(Field.Micros),
            "msecs" => Of(Field.Msecs),
            "secs" => Of(Field.Secs),
            "time" => Of(Field.Time),
            "tmsecs" => Of(Field.Tmsecs),
            "tmicros" => Of(Field.Tmicros),
            "ltime" or "ftime" => Of(Field.Ltime),
            "ctime" => Of(Field.Ctime),
            "epoch" => Of(Field.Epoch),
            "pid" => Of(Field.Pid),
            "wid" => Of(Field.WorkerId),
            "core" => Of(Field.Core),
            "vars" => Of(Field.Vars),
            "pktsize" => Of(Field.PacketSize),
            "headers" => Of(Field.Headers),
            "switches" => Of(Field.One),
            "modifier1" or "modifier2" or "rss" or "vsz" or "rssM" or "vszM" or "werr" or "rerr" or "ioerr" => Of(Field.Zero),
            _ when name.StartsWith("var.", StringComparison.Ordinal) => Request(name[4..]),
            _ => Of(Field.Nothing),
        };

        /// <summary>Whether rendering needs the request's start time (which the default line never reads).</summary>
        public bool NeedsStart => Kind is Field.Time or Field.Tmsecs or Field.Tmicros or Field.Ltime or Field.Ctime;

        private static Segment Request(string key) => new(Field.Request, Encoding.Latin1.GetBytes(key));

        private static Segment Of(Field kind) => new(kind, []);
    }

    /// <summary>Whether some variable of the template reads the request's start time.</summary>
    public bool NeedsStart => _segments.Any(segment => segment.NeedsStart);
}
