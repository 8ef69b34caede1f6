using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>TLS and HTTPS (core/ssl.c, plugins/http/https.c).</summary>
internal static class TlsRows
{
    private const string NoTls = "TLS is not implemented; terminate HTTPS in nginx or a load balancer in front of gantry";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Tls;
        t.Rejected(NoTls,
            ("https *", Text, "serve HTTPS on an address: addr,cert,key[,ciphers,client_ca]"),
            ("https2 *", Text, "serve HTTPS described with key=value pairs"),
            ("https-export-cert", Flag, "pass the client certificate to the application as HTTPS_CC"),
            ("https-session-context", Text, "session id context"),
            ("ssl-verbose", Flag, "log TLS errors"),
            ("ssl-verify-depth ?", Integer, "depth of client certificate chains"),
            ("ssl-sessions-use-cache ssl-session-use-cache ?", Text, "keep TLS sessions in the cache"),
            ("ssl-sessions-timeout ssl-session-timeout", Integer, "seconds a TLS session lasts"),
            ("sni *", Text, "certificate for a server name: name=cert,key"),
            ("sni-dir", Text, "directory of certificates named after server names"),
            ("sni-dir-ciphers", Text, "ciphers used with sni-dir certificates"),
            ("sni-regexp *", Text, "certificate for server names matching a regexp"),
            ("ssl-enable3 ssl-enable-sslv3", Flag, "allow SSLv3"),
            ("ssl-enable-tlsv1", Flag, "allow TLS 1.0"),
            ("ssl-option *", Text, "raw OpenSSL option"),
            ("ssl-tmp-dir", Text, "directory for temporary TLS files"));
    }
}
