using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Asgi;

/// <summary>
/// The ASGI TLS extension (asgiref docs/extensions.rst, "TLS"): for a request that came over TLS the scope's
/// extensions get <c>"tls"</c> with server_cert (PEM str), client_cert_chain (list of PEM str, the client's first),
/// client_cert_name (its subject as an RFC 4514 string, or None), client_cert_error (None: a certificate that failed
/// verification never completes the handshake), tls_version and cipher_suite (the wire numbers). One per scope
/// builder (loop thread); the server certificate's PEM is kept while the same certificate is served.
/// </summary>
internal sealed unsafe class AsgiTlsExtension
{
    private X509Certificate? _server;
    private string? _serverPem;

    /// <summary>A copy of <paramref name="extensions"/> with "tls" added (new reference), or 0 with a Python error set.</summary>
    public nint WithTls(nint extensions, TlsConnectionInfo tls)
    {
        using var copy = PyOwned.Steal(CPython.PyDict_Copy(extensions));
        using var info = PyOwned.Steal(CPython.PyDict_New());
        if (copy.IsNull || info.IsNull)
        {
            return 0;
        }
        var client = tls.ClientCertificate;
        var ok = Put(info.Pointer, "server_cert\0"u8, tls.ServerCertificate is { } server ? Text(ServerPem(server)) : None())
            && Put(info.Pointer, "client_cert_chain\0"u8, ClientChain(client))
            && Put(info.Pointer, "client_cert_name\0"u8, client is null ? None() : Text(client.SubjectName.Format(multiLine: false)))
            && Put(info.Pointer, "client_cert_error\0"u8, None())
            && Put(info.Pointer, "tls_version\0"u8, CPython.PyLong_FromLong(tls.Version))
            && Put(info.Pointer, "cipher_suite\0"u8, tls.CipherSuite == 0 ? None() : CPython.PyLong_FromLong(tls.CipherSuite))
            && Put(copy.Pointer, "tls\0"u8, info.Borrow().NewReferencePointer());
        return ok ? copy.Borrow().NewReferencePointer() : 0;
    }

    private string ServerPem(X509Certificate server)
    {
        if (!ReferenceEquals(server, _server))
        {
            _serverPem = Pem(server);
            _server = server;
        }
        return _serverPem!;
    }

    private static string Pem(X509Certificate certificate) =>
        PemEncoding.WriteString("CERTIFICATE", certificate.GetRawCertData());

    private static nint ClientChain(X509Certificate2? client)
    {
        var list = CPython.PyList_New(0);
        if (list == 0 || client is null)
        {
            return list;
        }
        using var pem = PyOwned.Steal(Text(Pem(client)));
        if (pem.IsNull || CPython.PyList_Append(list, pem.Pointer) != 0)
        {
            CPython.Py_DecRef(list);
            return 0;
        }
        return list;
    }

    private static nint Text(string text) => CPython.NewUtf8String(Encoding.UTF8.GetBytes(text));

    private static nint None()
    {
        CPython.Py_IncRef(CPython.Py_None);
        return CPython.Py_None;
    }

    /// <summary>Sets a new reference (consumed) under a NUL-terminated key; false on 0 or failure.</summary>
    private static bool Put(nint dict, ReadOnlySpan<byte> key, nint value)
    {
        if (value == 0)
        {
            return false;
        }
        int result;
        fixed (byte* text = key)
        {
            result = CPython.PyDict_SetItemString(dict, text, value);
        }
        CPython.Py_DecRef(value);
        return result == 0;
    }
}
