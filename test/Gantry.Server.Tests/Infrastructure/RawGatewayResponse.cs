using System.Text;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>An HTTP-style response as a uwsgi server writes it (status line) or a CGI one as FastCGI carries it (Status header).</summary>
internal sealed record RawGatewayResponse(string StatusLine, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool Complete)
{
    public string Text => Encoding.Latin1.GetString(Body);

    /// <summary>The numeric status: from the status line, or the CGI Status header.</summary>
    public int Status => int.Parse(
        (StatusLine.StartsWith("HTTP/", StringComparison.Ordinal) ? StatusLine.Split(' ')[1] : Headers["status"].Split(' ')[0]),
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The variables an echo application printed as "KEY=value" lines.</summary>
    public IReadOnlyDictionary<string, string> Variables => Text.Split('\n')
        .Where(line => line.Contains('=', StringComparison.Ordinal))
        .Select(line => line.Split('=', 2))
        .GroupBy(pair => pair[0])
        .ToDictionary(group => group.Key, group => group.Last()[1]);

    /// <summary>Parses a head and body; <paramref name="hasStatusLine"/> is false for CGI responses (FastCGI).</summary>
    public static RawGatewayResponse Parse(byte[] data, bool hasStatusLine = true)
    {
        var text = Encoding.Latin1.GetString(data);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0)
        {
            return new RawGatewayResponse(string.Empty, new Dictionary<string, string>(), data, Complete: false);
        }
        var lines = text[..headEnd].Split("\r\n");
        var statusLine = hasStatusLine ? lines[0] : string.Empty;
        var headers = lines.Skip(hasStatusLine ? 1 : 0).Select(l => l.Split(": ", 2))
            .ToDictionary(p => p[0].ToLowerInvariant(), p => p[1]);
        return new RawGatewayResponse(statusLine, headers, data[(headEnd + 4)..], Complete: true);
    }
}
