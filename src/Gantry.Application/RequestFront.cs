namespace Gantry.Application;

/// <summary>The protocol a request came in on, as metrics label it.</summary>
public enum RequestFront
{
    /// <summary>HTTP/1.x on Gantry's own HTTP sockets.</summary>
    Http,

    /// <summary>The uwsgi protocol (nginx uwsgi_pass).</summary>
    Uwsgi,

    /// <summary>FastCGI (nginx fastcgi_pass).</summary>
    FastCgi,

    /// <summary>HTTPS (HTTP/1.1 and HTTP/2 over TLS), served by Kestrel; uWSGI's socket proto name "https".</summary>
    Https,
}
