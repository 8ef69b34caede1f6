namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// The parameter files nginx users include, written into the test's configuration folder so that
/// <c>include uwsgi_params;</c> resolves exactly as in the seed's site. "Stock" is nginx's own conf/uwsgi_params and
/// conf/fastcgi_params (1.22); "Debian" is what Debian's packages make of them: REMOTE_USER, and HTTP_HOST set to
/// $host (the host without its port) instead of the client's Host header.
/// </summary>
internal static class NginxParams
{
    public const string StockUwsgi = """
        uwsgi_param  QUERY_STRING       $query_string;
        uwsgi_param  REQUEST_METHOD     $request_method;
        uwsgi_param  CONTENT_TYPE       $content_type;
        uwsgi_param  CONTENT_LENGTH     $content_length;

        uwsgi_param  REQUEST_URI        $request_uri;
        uwsgi_param  PATH_INFO          $document_uri;
        uwsgi_param  DOCUMENT_ROOT      $document_root;
        uwsgi_param  SERVER_PROTOCOL    $server_protocol;
        uwsgi_param  REQUEST_SCHEME     $scheme;
        uwsgi_param  HTTPS              $https if_not_empty;

        uwsgi_param  REMOTE_ADDR        $remote_addr;
        uwsgi_param  REMOTE_PORT        $remote_port;
        uwsgi_param  SERVER_PORT        $server_port;
        uwsgi_param  SERVER_NAME        $server_name;

        """;

    public const string DebianUwsgi = StockUwsgi + """
        uwsgi_param  REMOTE_USER        $remote_user;
        uwsgi_param  HTTP_HOST          $host;

        """;

    public const string StockFastCgi = """
        fastcgi_param  QUERY_STRING       $query_string;
        fastcgi_param  REQUEST_METHOD     $request_method;
        fastcgi_param  CONTENT_TYPE       $content_type;
        fastcgi_param  CONTENT_LENGTH     $content_length;

        fastcgi_param  SCRIPT_NAME        $fastcgi_script_name;
        fastcgi_param  REQUEST_URI        $request_uri;
        fastcgi_param  DOCUMENT_URI       $document_uri;
        fastcgi_param  DOCUMENT_ROOT      $document_root;
        fastcgi_param  SERVER_PROTOCOL    $server_protocol;
        fastcgi_param  REQUEST_SCHEME     $scheme;
        fastcgi_param  HTTPS              $https if_not_empty;

        fastcgi_param  GATEWAY_INTERFACE  CGI/1.1;
        fastcgi_param  SERVER_SOFTWARE    nginx/$nginx_version;

        fastcgi_param  REMOTE_ADDR        $remote_addr;
        fastcgi_param  REMOTE_PORT        $remote_port;
        fastcgi_param  SERVER_ADDR        $server_addr;
        fastcgi_param  SERVER_PORT        $server_port;
        fastcgi_param  SERVER_NAME        $server_name;

        # PHP only, required if PHP was built with --enable-force-cgi-redirect
        fastcgi_param  REDIRECT_STATUS    200;

        """;

    public const string DebianFastCgi = StockFastCgi + """
        fastcgi_param  REMOTE_USER        $remote_user;
        fastcgi_param  HTTP_HOST          $host;

        """;

    /// <summary>Writes uwsgi_params, uwsgi_params_debian, fastcgi_params and fastcgi_params_debian into <paramref name="directory"/>.</summary>
    public static void WriteAll(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "uwsgi_params"), StockUwsgi);
        File.WriteAllText(Path.Combine(directory, "uwsgi_params_debian"), DebianUwsgi);
        File.WriteAllText(Path.Combine(directory, "fastcgi_params"), StockFastCgi);
        File.WriteAllText(Path.Combine(directory, "fastcgi_params_debian"), DebianFastCgi);
    }
}
