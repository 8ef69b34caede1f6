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
                    segments.Add(new Segment(literal.ToString(), null));
                    literal.Clear();
                }
                segments.Add(new Segment(null, template[(i + 2)..close]));
                i = close + 1;
                continue;
            }
            literal.Append(template[i]);
            i++;
        }
        if (literal.Length > 0)
        {
            segments.Add(new Segment(literal.ToString(), null));
        }
        return new RequestLogFormat([.. segments]);
    }

    /// <summary>The line for one finished request.</summary>
    public string Render(in RequestLogEntry entry)
    {
        var line = new StringBuilder(256);
        foreach (var segment in _segments)
        {
            if (segment.Literal is { } text)
            {
                line.Append(text);
            }
            else
            {
                AppendVariable(line, segment.Variable!, entry);
            }
        }
        return line.ToString();
    }

    private static void AppendVariable(StringBuilder line, string name, in RequestLogEntry entry)
    {
        var invariant = CultureInfo.InvariantCulture;
        switch (name)
        {
            case "uri": line.Append(entry.Variable("REQUEST_URI"u8)); break;
            case "method": line.Append(entry.Variable("REQUEST_METHOD"u8)); break;
            case "user": line.Append(entry.Variable("REMOTE_USER"u8)); break;
            case "addr": line.Append(entry.ClientAddress); break;
            case "host": line.Append(entry.Variable("HTTP_HOST"u8)); break;
            case "proto": line.Append(entry.Variable("SERVER_PROTOCOL"u8)); break;
            case "uagent": line.Append(entry.Variable("HTTP_USER_AGENT"u8)); break;
            case "referer": line.Append(entry.Variable("HTTP_REFERER"u8)); break;
            case "status": line.Append(entry.StatusCode.ToString(invariant)); break;
            case "size": line.Append((entry.HeaderBytes + entry.BodyBytes).ToString(invariant)); break;
            case "rsize": line.Append(entry.BodyBytes.ToString(invariant)); break;
            case "hsize": line.Append(entry.HeaderBytes.ToString(invariant)); break;
            case "cl": line.Append(entry.Variable("CONTENT_LENGTH"u8) is { Length: > 0 } length ? length : "0"); break;
            case "micros": line.Append(entry.Micros.ToString(invariant)); break;
            case "msecs": line.Append((entry.Micros / 1000).ToString(invariant)); break;
            case "secs": line.Append((entry.Micros / 1e6).ToString("0.000000", invariant)); break;
            case "time": line.Append((entry.StartMicros / 1_000_000).ToString(invariant)); break;
            case "tmsecs": line.Append((entry.StartMicros / 1000).ToString(invariant)); break;
            case "tmicros": line.Append(entry.StartMicros.ToString(invariant)); break;
            case "ltime" or "ftime": line.Append(ApacheTime(entry.Start)); break;
            case "ctime": line.Append(entry.Start.ToString("ddd MMM ", invariant)).Append(entry.Start.Day.ToString(invariant).PadLeft(2)).Append(entry.Start.ToString(" HH:mm:ss yyyy", invariant)); break;
            case "epoch": line.Append(DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(invariant)); break;
            case "pid": line.Append(entry.Pid.ToString(invariant)); break;
            case "wid": line.Append(entry.WorkerId.ToString(invariant)); break;
            case "core": line.Append(entry.Core.ToString(invariant)); break;
            case "vars": line.Append(entry.Variables.Count.ToString(invariant)); break;
            case "pktsize": line.Append(entry.VariableBytes.ToString(invariant)); break;
            case "headers": line.Append(entry.HeaderCount.ToString(invariant)); break;
            case "switches": line.Append('1'); break;
            case "modifier1" or "modifier2" or "rss" or "vsz" or "rssM" or "vszM" or "werr" or "rerr" or "ioerr": line.Append('0'); break;
            default:
                if (name.StartsWith("var.", StringComparison.Ordinal))
                {
                    line.Append(entry.Variable(Encoding.Latin1.GetBytes(name[4..])));
                }
                break;
        }
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

    private sealed record Segment(string? Literal, string? Variable);
}
