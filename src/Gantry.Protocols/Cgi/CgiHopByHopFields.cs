using System.Text;

namespace Gantry.Protocols.Cgi;

/// <summary>
/// Connection-level fields a gateway must not pass on from a CGI or FastCGI response head (RFC 9110 §7.6.1): the
/// front frames the response itself.
/// </summary>
public static class CgiHopByHopFields
{
    /// <summary>True for Connection, Keep-Alive and Transfer-Encoding, in any case.</summary>
    public static bool Contains(ReadOnlySpan<byte> name) =>
        Ascii.EqualsIgnoreCase(name, "Connection"u8)
        || Ascii.EqualsIgnoreCase(name, "Keep-Alive"u8)
        || Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8);
}
