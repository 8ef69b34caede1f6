using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>
/// TLS and HTTPS (core/ssl.c, plugins/http/https.c). Gantry terminates TLS with Kestrel (.NET's SslStream over the
/// system's OpenSSL) on its own HTTPS sockets, served by the workers as uWSGI's <c>https-socket</c>; see docs/tls.md.
/// </summary>
internal static class TlsRows
{
    private const string NotYet = "not implemented in Gantry's TLS listener yet; see docs/tls.md";
    private const string DotNetTls =
        ".NET's TLS (SslStream over the system OpenSSL) applies its own defaults: session tickets on, TLS 1.2 and 1.3 only, "
        + "raw OpenSSL options not exposed; the value is read and ignored";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Tls;
        t.Supported("https *", Text,
            "serve HTTPS on an address: addr,cert,key[,ciphers[,ca]] ('!ca' requires a client certificate); served by the workers (uWSGI starts a router)",
            (o, v) => o.HttpsSockets.Add(v.Text));
        t.Supported("https-socket *", Text, "serve HTTPS on an address directly from the workers: addr,cert,key[,ciphers[,ca]]",
            (o, v) => o.HttpsSockets.Add(v.Text));
        t.Supported("sni *", Text, "certificate for a TLS server name on every HTTPS socket: name=cert,key[,ciphers[,ca]]",
            (o, v) => o.SniCertificates.Add(v.Text));
        t.Supported("http2", Flag, "offer HTTP/2 beside HTTP/1.1: h2 by ALPN on the HTTPS sockets, h2c with prior knowledge on the plain HTTP ones",
            (o, v) => o.Http2 = v.Flag, defaultValue: "false", gantryOnly: true);
        t.Supported("http-to-https *", Text,
            "plain HTTP socket that answers every request 301 to https://host[:port]/uri: addr[,https-port] (uWSGI starts a router; Gantry serves it from the workers)",
            (o, v) => o.HttpsRedirectSockets.Add(v.Text));
        t.Supported("https-hsts", Text,
            "add Strict-Transport-Security to HTTPS responses that lack one: max-age seconds[,includeSubDomains][,preload]",
            (o, v) => o.HttpsHsts = v.Text, gantryOnly: true);
        t.Supported("ssl-verbose", Flag, "log TLS handshake failures",
            (o, v) => o.SslVerbose = v.Flag, defaultValue: "false");
        t.Supported("ssl-stapling", Flag,
            "staple OCSP answers to handshakes, fetched in the background from each certificate's responder (its AIA OCSP URL; nginx's ssl_stapling)",
            (o, v) => o.SslStapling = v.Flag, defaultValue: "false", gantryOnly: true);
        t.Ignored(DotNetTls,
            ("ssl-sessions-use-cache ssl-session-use-cache ?", Text, "keep TLS sessions in the cache"),
            ("ssl-sessions-timeout ssl-session-timeout", Integer, "seconds a TLS session lasts"),
            ("ssl-option *", Text, "raw OpenSSL option"),
            ("ssl-verify-depth ?", Integer, "depth of client certificate chains"),
            ("ssl-tmp-dir", Text, "directory for temporary TLS files"));
        t.Ignored("TLS 1.0 and SSLv3 are broken (RFC 8996): Gantry's TLS listener offers TLS 1.2 and 1.3 only and ignores this",
            ("ssl-enable3 ssl-enable-sslv3", Flag, "allow SSLv3"),
            ("ssl-enable-tlsv1", Flag, "allow TLS 1.0"));
        t.Rejected(NotYet,
            ("https2 *", Text, "serve HTTPS described with key=value pairs"),
            ("https-export-cert", Flag, "pass the client certificate to the application as HTTPS_CC"),
            ("https-session-context", Text, "session id context"),
            ("sni-dir", Text, "directory of certificates named after server names"),
            ("sni-dir-ciphers", Text, "ciphers used with sni-dir certificates"),
            ("sni-regexp *", Text, "certificate for server names matching a regexp"));
    }
}
