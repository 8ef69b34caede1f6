namespace Gantry.Server.Listeners;

/// <summary>The wire protocol a listening socket speaks.</summary>
public enum ListenerProtocol
{
    /// <summary>HTTP/1.1 (uWSGI's --http and --http-socket, both served by our own loop).</summary>
    Http,

    /// <summary>The uwsgi binary protocol (--socket, nginx uwsgi_pass).</summary>
    Uwsgi,

    /// <summary>FastCGI responder (--fastcgi-socket, nginx fastcgi_pass).</summary>
    FastCgi,

    /// <summary>
    /// HTTPS (--https, --https-socket): bound and inherited like the others, but served by the Kestrel front
    /// (Gantry.Kestrel), which posts each request to a loop; the loops do not accept on it.
    /// </summary>
    Https,

    /// <summary>
    /// Plain HTTP whose every request is answered 301 to its https:// URL (uWSGI's http-to-https), by our own loop;
    /// the port written into the Location is in <c>ServerOptions.HttpsRedirectPorts</c>.
    /// </summary>
    HttpToHttps,
}
