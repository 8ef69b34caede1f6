namespace Gantry.Configuration;

/// <summary>
/// One HTTPS socket, as uWSGI's <c>https = addr,cert,key[,ciphers[,ca]]</c> (plugins/http/https.c) writes it: the address,
/// the PEM certificate (chain) and its private key, an OpenSSL cipher list, and a CA file for client certificates (a
/// <c>!</c> before it requires one; without, a presented certificate is verified against it). Paths are as written,
/// relative ones from the directory gantry started in.
/// </summary>
/// <param name="Address">The listening address (uWSGI syntax, e.g. <c>:8443</c>).</param>
/// <param name="CertificateFile">The PEM certificate file (leaf first, then intermediates).</param>
/// <param name="KeyFile">The PEM private key of the certificate.</param>
/// <param name="Ciphers">The OpenSSL cipher list, or null.</param>
/// <param name="ClientCaFile">The CA file client certificates are verified against, or null (no client certificates).</param>
/// <param name="RequireClientCertificate">True when the CA field began with <c>!</c>: a client without a certificate is refused.</param>
public sealed record HttpsSocketOptions(
    string Address,
    string CertificateFile,
    string KeyFile,
    string? Ciphers,
    string? ClientCaFile,
    bool RequireClientCertificate)
{
    /// <summary>
    /// These files with relative paths made absolute from <paramref name="startDirectory"/>, the directory gantry
    /// started in: uWSGI reads them before its <c>chdir</c>, so a command line that names <c>cert.pem</c> beside the
    /// shell's directory works with <c>--chdir</c> elsewhere, and a certificate reload (SIGHUP) reads the same files.
    /// </summary>
    public HttpsSocketOptions RelativeTo(string startDirectory) => this with
    {
        CertificateFile = Path.GetFullPath(CertificateFile, startDirectory),
        KeyFile = Path.GetFullPath(KeyFile, startDirectory),
        ClientCaFile = ClientCaFile is null ? null : Path.GetFullPath(ClientCaFile, startDirectory),
    };

    /// <summary>Parses uWSGI's comma-separated form; null with <paramref name="error"/> when a field is missing.</summary>
    public static HttpsSocketOptions? TryParse(string text, out string? error)
    {
        var fields = text.Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length < 3 || fields[0].Length == 0 || fields[1].Length == 0 || fields[2].Length == 0)
        {
            error = "write address,certificate.pem,key.pem[,ciphers[,ca.pem]] (a '!' before the CA requires a client certificate)";
            return null;
        }
        if (fields.Length > 5)
        {
            error = "too many fields: address,certificate.pem,key.pem[,ciphers[,ca.pem]]";
            return null;
        }
        var ciphers = fields.Length > 3 && fields[3].Length > 0 ? fields[3] : null;
        var ca = fields.Length > 4 && fields[4].Length > 0 ? fields[4] : null;
        var require = ca is not null && ca.StartsWith('!');
        if (require)
        {
            ca = ca![1..];
        }
        error = null;
        return new HttpsSocketOptions(fields[0], fields[1], fields[2], ciphers, string.IsNullOrEmpty(ca) ? null : ca, require && !string.IsNullOrEmpty(ca));
    }
}

/// <summary>
/// uWSGI's <c>sni = name=cert,key[,ciphers[,ca]]</c> (core/ssl.c uwsgi_ssl_add_sni_item): the certificate served to a
/// client that names <paramref name="ServerName"/> in its TLS ClientHello, on every HTTPS socket.
/// </summary>
/// <param name="ServerName">The host name, compared without case.</param>
/// <param name="Files">Its certificate, key, ciphers and client CA, as an https value's fields after the address.</param>
public sealed record SniCertificateOptions(string ServerName, HttpsSocketOptions Files)
{
    /// <summary>Parses <c>name=cert,key[,ciphers[,ca]]</c>; null with <paramref name="error"/> when it is not of that form.</summary>
    public static SniCertificateOptions? TryParse(string text, out string? error)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            error = "write name=certificate.pem,key.pem[,ciphers[,ca.pem]]";
            return null;
        }
        var files = HttpsSocketOptions.TryParse("sni," + text[(equals + 1)..], out error);
        if (files is null)
        {
            error = "write name=certificate.pem,key.pem[,ciphers[,ca.pem]]";
            return null;
        }
        return new SniCertificateOptions(text[..equals].Trim(), files);
    }
}
