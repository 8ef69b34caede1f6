namespace Gantry.Configuration;

/// <summary>
/// uWSGI's <c>http-to-https = addr[,port]</c> (plugins/http/https.c uwsgi_opt_http_to_https, hr_force_https): a plain
/// HTTP socket whose every request is answered <c>301 Moved Permanently</c> with <c>Location: https://</c> the request's
/// Host without its port, then <c>:port</c> when given, then the request URI.
/// </summary>
/// <param name="Address">The listening address (uWSGI syntax, e.g. <c>:80</c>).</param>
/// <param name="HttpsPort">The port written into the Location (uWSGI's second field), or null for none (443).</param>
public sealed record HttpsRedirectSocketOptions(string Address, string? HttpsPort)
{
    /// <summary>Parses <c>addr[,port]</c>; null with <paramref name="error"/> when the port is not one.</summary>
    public static HttpsRedirectSocketOptions? TryParse(string text, out string? error)
    {
        var fields = text.Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length > 2 || fields[0].Length == 0)
        {
            error = "write address[,https-port], e.g. :80,8443";
            return null;
        }
        var port = fields.Length == 2 && fields[1].Length > 0 ? fields[1] : null;
        if (port is not null && (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || number is < 1 or > 65535))
        {
            error = $"\"{port}\" is not a port (1-65535): write address[,https-port], e.g. :80,8443";
            return null;
        }
        error = null;
        return new HttpsRedirectSocketOptions(fields[0], port);
    }
}
