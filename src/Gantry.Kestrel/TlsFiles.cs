namespace Gantry.Kestrel;

/// <summary>The files of one HTTPS socket (uWSGI's <c>https = addr,cert,key[,ciphers[,ca]]</c>).</summary>
/// <param name="CertificateFile">PEM certificate chain, leaf first.</param>
/// <param name="KeyFile">PEM private key.</param>
/// <param name="Ciphers">OpenSSL cipher list as written (logged as ignored: .NET takes IANA suite names).</param>
/// <param name="ClientCaFile">CA that client certificates must chain to, or null.</param>
/// <param name="RequireClientCertificate">Refuse a client that presents none.</param>
public sealed record TlsFiles(string CertificateFile, string KeyFile, string? Ciphers, string? ClientCaFile, bool RequireClientCertificate);
