using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gantry.Kestrel;

/// <summary>
/// The certificate (with its private key and chain) and the client CA of one HTTPS socket, read from PEM files at
/// start-up so a bad file stops the start with its name and the reason (as uWSGI exits when SSL_CTX_use_certificate
/// fails), instead of failing every handshake later.
/// </summary>
internal sealed class TlsCredentials
{
    private TlsCredentials(X509Certificate2 certificate, X509Certificate2Collection chain, X509Certificate2Collection? clientCa, bool stapling)
    {
        Certificate = certificate;
        Chain = chain;
        ClientCa = clientCa;
        // Built once per load (it holds the chain sent in every handshake and keys OpenSSL's context cache). Online, .NET
        // asks the leaf's OCSP responder (its AIA URL, plain http) in the background from here on, refreshes the answer
        // before it expires, and staples the last good one to handshakes whose client asked for it; a handshake never
        // waits for the responder. Offline it sends no staple and never reaches the network.
        Context = SslStreamCertificateContext.Create(certificate, chain, offline: !stapling);
    }

    /// <summary>The leaf, its key and the intermediates, as handshakes send them (SNI certificates included).</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>The leaf certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Intermediates that followed the leaf in the certificate file (sent in the handshake).</summary>
    public X509Certificate2Collection Chain { get; }

    /// <summary>The trust anchors for client certificates, or null when none are asked for.</summary>
    public X509Certificate2Collection? ClientCa { get; }

    /// <summary>
    /// Why no OCSP answer can be stapled for this certificate although <c>ssl-stapling</c> is on (nginx's "ssl_stapling
    /// ignored" warnings), or null: stapling is off, or the certificate names a responder and its chain reaches a root.
    /// </summary>
    public string? StaplingProblem { get; private init; }

    /// <summary>
    /// Reads and checks the files; throws <see cref="TlsSetupException"/> naming the file and the reason. With
    /// <paramref name="stapling"/> the context fetches OCSP answers to staple (<c>ssl-stapling</c>).
    /// </summary>
    public static TlsCredentials Load(TlsFiles files, bool stapling = false)
    {
        var certificatePem = ReadPem(files.CertificateFile, "certificate");
        var keyPem = ReadPem(files.KeyFile, "private key");
        X509Certificate2Collection all;
        try
        {
            all = [];
            all.ImportFromPem(certificatePem);
        }
        catch (CryptographicException failure)
        {
            throw new TlsSetupException($"certificate {files.CertificateFile}: not a PEM certificate ({failure.Message})", failure);
        }
        if (all.Count == 0)
        {
            throw new TlsSetupException($"certificate {files.CertificateFile}: no -----BEGIN CERTIFICATE----- block in the file");
        }
        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (CryptographicException failure)
        {
            throw new TlsSetupException(
                $"private key {files.KeyFile}: cannot be used with certificate {files.CertificateFile} ({failure.Message}); "
                + "the key must be the PEM private key of the certificate's first entry", failure);
        }
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            chain.Add(all[i]);
        }
        X509Certificate2Collection? clientCa = null;
        if (files.ClientCaFile is { } caFile)
        {
            var caPem = ReadPem(caFile, "client CA");
            clientCa = [];
            try
            {
                clientCa.ImportFromPem(caPem);
            }
            catch (CryptographicException failure)
            {
                throw new TlsSetupException($"client CA {caFile}: not a PEM certificate ({failure.Message})", failure);
            }
            if (clientCa.Count == 0)
            {
                throw new TlsSetupException($"client CA {caFile}: no -----BEGIN CERTIFICATE----- block in the file");
            }
        }
        return new TlsCredentials(leaf, chain, clientCa, stapling)
        {
            StaplingProblem = stapling ? FindStaplingProblem(files.CertificateFile, leaf, chain) : null,
        };
    }

    /// <summary>
    /// What .NET needs to staple: an http OCSP URL in the leaf's AIA extension (the only kind it asks), and a chain
    /// that reaches a self-signed root (from the file or the system store) so it knows the issuer to name in the
    /// request. Built without downloads, as the check must not reach the network.
    /// </summary>
    private static string? FindStaplingProblem(string file, X509Certificate2 leaf, X509Certificate2Collection intermediates)
    {
        var responders = leaf.Extensions.OfType<X509AuthorityInformationAccessExtension>()
            .SelectMany(aia => aia.EnumerateOcspUris())
            .Where(uri => uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (!responders.Any())
        {
            return $"certificate {file}: no http OCSP responder URL (Authority Information Access) in it; nothing will be stapled";
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllFlags;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.Build(leaf);
        var partial = chain.ChainStatus.Any(status => status.Status.HasFlag(X509ChainStatusFlags.PartialChain));
        foreach (var element in chain.ChainElements)
        {
            element.Certificate.Dispose();
        }
        return partial
            ? $"certificate {file}: its chain does not reach a root with the certificates in the file and the system store; "
                + "nothing will be stapled unless the missing issuers can be downloaded (list the intermediates after the leaf; "
                + "for a private CA add its root too, it is not sent)"
            : null;
    }

    /// <summary>Verifies a client certificate against <see cref="ClientCa"/> only (not the system store).</summary>
    public bool VerifyClient(X509Certificate2 certificate)
    {
        if (ClientCa is null)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ClientCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    private static string ReadPem(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            var reason = failure is FileNotFoundException or DirectoryNotFoundException ? "no such file" : failure.Message;
            throw new TlsSetupException($"{what} {path}: {reason}", failure);
        }
    }
}
