namespace Gantry.Kestrel;

/// <summary>What the Kestrel front needs besides its listeners and the loops' <c>ServerOptions</c> (limits, timeouts, log).</summary>
public sealed record KestrelFrontOptions
{
    /// <summary>Offer h2 by ALPN beside http/1.1 (Gantry's <c>--http2</c>). Default false.</summary>
    public bool Http2 { get; init; }

    /// <summary>
    /// Serve h2c with prior knowledge on the plain HTTP sockets (Gantry's <c>--http2</c> with an <c>http-socket</c>): the
    /// loops hand such connections over through <see cref="KestrelFront.Http2Handoff"/>. Default false.
    /// </summary>
    public bool PlainHttp2 { get; init; }

    /// <summary>The Strict-Transport-Security value added to HTTPS responses without one (<c>https-hsts</c>); null adds none.</summary>
    public string? Hsts { get; init; }

    /// <summary>Certificates by TLS server name (uWSGI's <c>sni</c>), on every HTTPS socket; the socket's own certificate otherwise.</summary>
    public IReadOnlyList<KeyValuePair<string, TlsFiles>> Sni { get; init; } = [];

    /// <summary>
    /// Staple OCSP answers fetched from each certificate's responder (Gantry's <c>--ssl-stapling</c>, nginx's
    /// <c>ssl_stapling on</c>). Default false: no TLS code reaches the network.
    /// </summary>
    public bool Stapling { get; init; }

    /// <summary>Kestrel's connection log (handshake failures) at debug level (<c>--ssl-verbose</c>); else warnings only.</summary>
    public bool Verbose { get; init; }
}
