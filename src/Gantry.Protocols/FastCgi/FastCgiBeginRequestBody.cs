using System.Buffers.Binary;

namespace Gantry.Protocols.FastCgi;

/// <summary>
/// Content of a BEGIN_REQUEST record (spec §5.1):
/// <code>
///   +-----------+-------+---------------+
///   | role u16BE| flags | reserved[5]   |
///   +-----------+-------+---------------+
/// </code>
/// </summary>
public readonly struct FastCgiBeginRequestBody
{
    /// <summary>Size of the body on the wire.</summary>
    public const int Size = 8;

    /// <summary>Creates a body.</summary>
    public FastCgiBeginRequestBody(FastCgiRole role, FastCgiBeginRequestFlags flags)
    {
        Role = role;
        Flags = flags;
    }

    /// <summary>Requested role; may be a value outside the named members (answer UNKNOWN_ROLE).</summary>
    public FastCgiRole Role { get; }

    /// <summary>Flags; <see cref="FastCgiBeginRequestFlags.KeepConnection"/> is the only one defined.</summary>
    public FastCgiBeginRequestFlags Flags { get; }

    /// <summary>Parses a BEGIN_REQUEST record's content.</summary>
    /// <exception cref="FastCgiProtocolException">The content is not 8 bytes.</exception>
    public static FastCgiBeginRequestBody Read(ReadOnlySpan<byte> content)
    {
        if (content.Length != Size)
        {
            FastCgiProtocolException.Throw(FastCgiRejectionReason.BadBeginRequestBody);
        }
        return new FastCgiBeginRequestBody((FastCgiRole)BinaryPrimitives.ReadUInt16BigEndian(content), (FastCgiBeginRequestFlags)content[2]);
    }
}
