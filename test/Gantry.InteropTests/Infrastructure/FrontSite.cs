namespace Gantry.InteropTests.Infrastructure;

/// <summary>The nginx sites <see cref="FrontsFixture"/> configures, one server block (and port) each.</summary>
public enum FrontSite
{
    /// <summary>The seed's site verbatim: <c>include uwsgi_params; uwsgi_pass 127.0.0.1:PORT;</c> (stock params).</summary>
    UwsgiTcp,

    /// <summary>uwsgi_pass over TCP with Debian's uwsgi_params (HTTP_HOST $host, REMOTE_USER).</summary>
    UwsgiTcpDebian,

    /// <summary>uwsgi_pass to the unix socket (stock params).</summary>
    UwsgiUnix,

    /// <summary><c>include fastcgi_params; fastcgi_pass 127.0.0.1:PORT;</c> (stock params, a connection per request).</summary>
    FastCgiTcp,

    /// <summary>fastcgi_pass with Debian's params and <c>fastcgi_keep_conn on</c> to a keepalive upstream.</summary>
    FastCgiTcpKeepConnection,

    /// <summary>fastcgi_pass to the unix socket (stock params).</summary>
    FastCgiUnix,

    /// <summary><c>uwsgi_buffering off</c>: nginx passes each block on as it arrives (streaming responses).</summary>
    UwsgiTcpUnbuffered,

    /// <summary><c>fastcgi_buffering off</c>: nginx passes each block on as it arrives (streaming responses).</summary>
    FastCgiTcpUnbuffered,

    /// <summary>
    /// uwsgi_pass over TCP with Debian's params followed by the site's own <c>uwsgi_param HTTP_HOST $http_host;</c> and
    /// <c>uwsgi_param SERVER_NAME override.test;</c>: nginx sends both values of each, in that order.
    /// </summary>
    UwsgiTcpOverride,

    /// <summary>As <see cref="UwsgiTcpOverride"/> with fastcgi_pass and Debian's fastcgi_params.</summary>
    FastCgiTcpOverride,
}
