namespace Gantry.Protocols.Tests.FastCgi;

/// <summary>
/// The params nginx sends with <c>include fastcgi_params;</c> (nginx conf/fastcgi_params @1.22.1, in file order),
/// optionally the <c>fastcgi.conf</c> SCRIPT_FILENAME line first, Debian's REMOTE_USER and HTTP_HOST additions, then
/// the client headers as HTTP_* (Host skipped when a HTTP_HOST param is configured).
/// </summary>
internal static class NginxFastCgiParams
{
    public static List<(string Name, string Value)> ForPhpGet(bool debian, bool fastcgiConf, string contentLength = "", string method = "GET")
    {
        var pairs = new List<(string, string)>();
        if (fastcgiConf)
        {
            pairs.Add(("SCRIPT_FILENAME", "/var/www/html/index.php"));
        }
        pairs.AddRange(
        [
            ("QUERY_STRING", "q=1"),
            ("REQUEST_METHOD", method),
            ("CONTENT_TYPE", method == "POST" ? "application/x-www-form-urlencoded" : ""),
            ("CONTENT_LENGTH", contentLength),
            ("SCRIPT_NAME", "/index.php"),
            ("REQUEST_URI", "/index.php?q=1"),
            ("DOCUMENT_URI", "/index.php"),
            ("DOCUMENT_ROOT", "/var/www/html"),
            ("SERVER_PROTOCOL", "HTTP/1.1"),
            ("REQUEST_SCHEME", "http"),
            ("GATEWAY_INTERFACE", "CGI/1.1"),
            ("SERVER_SOFTWARE", "nginx/1.22.1"),
            ("REMOTE_ADDR", "127.0.0.1"),
            ("REMOTE_PORT", "40122"),
            ("SERVER_ADDR", "127.0.0.1"),
            ("SERVER_PORT", "8080"),
            ("SERVER_NAME", "example.com"),
            ("REDIRECT_STATUS", "200"),
        ]);
        if (debian)
        {
            pairs.Add(("REMOTE_USER", ""));
            pairs.Add(("HTTP_HOST", "example.com"));
        }
        else
        {
            pairs.Add(("HTTP_HOST", "example.com:8080"));
        }
        pairs.Add(("HTTP_USER_AGENT", "curl/7.88.1"));
        pairs.Add(("HTTP_ACCEPT", "*/*"));
        return pairs;
    }
}
