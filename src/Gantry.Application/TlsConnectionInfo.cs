using System.Security.Cryptography.X509Certificates;

namespace Gantry.Application;

/// <summary>
/// What a request's TLS connection negotiated, for hosts that expose it (ASGI's TLS extension). Filled by the front that
/// terminated TLS (Gantry.Kestrel) before the request is posted; the objects stay the front's (certificates are not
/// disposed by the host). Reused by its owner from one request to the next.
/// </summary>
public sealed class TlsConnectionInfo
{
    /// <summary>The protocol version as on the wire (0x0303 TLS 1.2, 0x0304 TLS 1.3).</summary>
    public int Version { get; set; }

    /// <summary>The IANA number of the cipher suite (RFC 8446 §B.4, e.g. 0x1301 TLS_AES_128_GCM_SHA256), or 0 when unknown.</summary>
    public int CipherSuite { get; set; }

    /// <summary>The certificate the server sent, or null.</summary>
    public X509Certificate? ServerCertificate { get; set; }

    /// <summary>The client's verified certificate, or null when it sent none.</summary>
    public X509Certificate2? ClientCertificate { get; set; }
}
