namespace Gantry.Protocols.Tests.Uwsgi;

/// <summary>
/// The variables nginx sends with <c>include uwsgi_params; uwsgi_pass …;</c> (nginx conf/uwsgi_params @1.22.1, in
/// file order), then the client headers as HTTP_*. Debian's copy of the file ends with
/// <c>uwsgi_param HTTP_HOST $host;</c>: HTTP_HOST then has no port and the client's Host header is not forwarded.
/// </summary>
internal static class NginxUwsgiParams
{
    public static List<(string Key, string Value)> ForGet(bool debian, string contentLength = "", string method = "GET")
    {
        var variables = new List<(string, string)>
        {
            ("QUERY_STRING", "x=1&y=%C3%A9"),
            ("REQUEST_METHOD", method),
            ("CONTENT_TYPE", ""),
            ("CONTENT_LENGTH", contentLength),
            ("REQUEST_URI", "/hello/w%C3%B6rld?x=1&y=%C3%A9"),
            ("PATH_INFO", "/hello/w\u00c3\u00b6rld"),
            ("DOCUMENT_ROOT", "/usr/share/nginx/html"),
            ("SERVER_PROTOCOL", "HTTP/1.1"),
            ("REQUEST_SCHEME", "http"),
            ("REMOTE_ADDR", "127.0.0.1"),
            ("REMOTE_PORT", "51234"),
            ("SERVER_PORT", "8080"),
            ("SERVER_NAME", "example.com"),
        };
        if (debian)
        {
            variables.Add(("HTTP_HOST", "example.com"));
        }
        else
        {
            variables.Add(("HTTP_HOST", "example.com:8080"));
        }
        variables.Add(("HTTP_USER_AGENT", "curl/7.88.1"));
        variables.Add(("HTTP_ACCEPT", "*/*"));
        variables.Add(("HTTP_COOKIE", "a=1; b=2"));
        return variables;
    }
}
