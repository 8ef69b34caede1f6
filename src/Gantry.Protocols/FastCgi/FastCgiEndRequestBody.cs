using System.Buffers.Binary;

namespace Gantry.Protocols.FastCgi;

/// <summary>
/// Content of an END_REQUEST record (spec §5.5):
/// <code>
///   +----------------+----------------+-------------+
///   | appStatus u32BE| protocolStatus | reserved[3] |
///   +----------------+----------------+-------------+
/// </code>
/// </summary>
public readonly struct FastCgiEndRequestBody
{
    /// <summary>Size of the body on the wire.</summary>
    public const int Size = 8;

    /// <summary>Creates a body.</summary>
    public FastCgiEndRequestBody(uint appStatus, FastCgiProtocolStatus protocolStatus)
    {
        AppStatus = appStatus;
        ProtocolStatus = protocolStatus;
    }

    /// <summary>The application's exit status, as a CGI program's would be.</summary>
    public uint AppStatus { get; }

    /// <summary>Whether the request completed or why it was refused.</summary>
    public FastCgiProtocolStatus ProtocolStatus { get; }

    /// <summary>Parses an END_REQUEST record's content.</summary>
    /// <exception cref="FastCgiProtocolException">The content is not 8 bytes.</exception>
    public static FastCgiEndRequestBody Read(ReadOnlySpan<byte> content)
    {
        if (content.Length != Size)
        {
            FastCgiProtocolException.Throw(FastCgiRejectionReason.BadEndRequestBody);
        }
        return new FastCgiEndRequestBody(BinaryPrimitives.ReadUInt32BigEndian(content), (FastCgiProtocolStatus)content[4]);
    }
}
