using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Gantry.Kestrel;

/// <summary>
/// What every TLS handshake of the process is answered with, read from the files at once: for each HTTPS socket its
/// <see cref="SslServerAuthenticationOptions"/> (certificate context with the intermediates, ALPN, client-certificate
/// policy) and the same for each SNI name. Immutable: a reload (SIGHUP without a master) builds a new one and swaps it
/// in, so handshakes from then on get the new certificate while connections already up keep theirs.
/// </summary>
internal sealed class TlsHandshakes
{
    private readonly SslServerAuthenticationOptions[] _sockets;
    private readonly Dictionary<string, SslServerAuthenticationOptions>[] _names;

    private TlsHandshakes(TlsCredentials[] credentials, IReadOnlyList<string> staplingProblems, SslServerAuthenticationOptions[] sockets,
        Dictionary<string, SslServerAuthenticationOptions>[] names)
    {
        Credentials = credentials;
        StaplingProblems = staplingProblems;
        _sockets = sockets;
        _names = names;
    }

    /// <summary>Each socket's own credentials, in endpoint order.</summary>
    public TlsCredentials[] Credentials { get; }

    /// <summary>Why certificates (the sockets' and the SNI ones) get no staple with <c>ssl-stapling</c>, one line each.</summary>
    public IReadOnlyList<string> StaplingProblems { get; }

    /// <summary>Reads every file (throws <see cref="TlsSetupException"/> naming the first bad one).</summary>
    public static TlsHandshakes Load(IReadOnlyList<HttpsEndpoint> endpoints, KestrelFrontOptions options)
    {
        var (sni, http2, stapling) = (options.Sni, options.Http2, options.Stapling);
        var sniCredentials = sni.Select(pair => KeyValuePair.Create(pair.Key, TlsCredentials.Load(pair.Value, stapling))).ToList();
        var credentials = new TlsCredentials[endpoints.Count];
        var sockets = new SslServerAuthenticationOptions[endpoints.Count];
        var names = new Dictionary<string, SslServerAuthenticationOptions>[endpoints.Count];
        for (var i = 0; i < endpoints.Count; i++)
        {
            credentials[i] = TlsCredentials.Load(endpoints[i].Tls, stapling);
            sockets[i] = Options(credentials[i], credentials[i], endpoints[i].Tls.RequireClientCertificate, http2);
            names[i] = new Dictionary<string, SslServerAuthenticationOptions>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, named) in sniCredentials)
            {
                // uWSGI's sni: the name picks the certificate; client certificates follow the socket's policy.
                names[i][name] = Options(named, credentials[i], endpoints[i].Tls.RequireClientCertificate, http2);
            }
        }
        var staplingProblems = credentials.Concat(sniCredentials.Select(pair => pair.Value))
            .Select(loaded => loaded.StaplingProblem).OfType<string>().Distinct().ToList();
        return new TlsHandshakes(credentials, staplingProblems, sockets, names);
    }

    /// <summary>The options for a handshake on socket <paramref name="endpoint"/> whose ClientHello named <paramref name="serverName"/>.</summary>
    public SslServerAuthenticationOptions For(int endpoint, string? serverName) =>
        serverName is not null && _names[endpoint].TryGetValue(serverName, out var named) ? named : _sockets[endpoint];

    private static SslServerAuthenticationOptions Options(TlsCredentials served, TlsCredentials socket, bool requireClient, bool http2)
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = served.Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // Set here (Kestrel fills ALPN only when it is null, on the shared object): order matters, h2 first (RFC 9113 §3.2).
            ApplicationProtocols = http2 ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] : [SslApplicationProtocol.Http11],
            // RFC 9113 §9.2.1: no renegotiation under HTTP/2.
            AllowRenegotiation = !http2,
        };
        if (socket.ClientCa is not null)
        {
            // Ask for a certificate; without '!' in the ca field a client may send none (as Kestrel's AllowCertificate).
            options.ClientCertificateRequired = true;
            options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is null
                ? !requireClient
                : socket.VerifyClient(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
        }
        return options;
    }
}
