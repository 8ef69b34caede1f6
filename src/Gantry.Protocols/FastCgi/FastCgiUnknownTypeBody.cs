namespace Gantry.Protocols.FastCgi;

/// <summary>
/// Content of an UNKNOWN_TYPE record (spec §4.2): the type byte the application did not recognise, then
/// 7 reserved bytes.
/// </summary>
public readonly struct FastCgiUnknownTypeBody
{
    /// <summary>Size of the body on the wire.</summary>
    public const int Size = 8;

    /// <summary>Creates a body.</summary>
    public FastCgiUnknownTypeBody(byte type) => Type = type;

    /// <summary>The record type that was not recognised.</summary>
    public byte Type { get; }

    /// <summary>Parses an UNKNOWN_TYPE record's content.</summary>
    /// <exception cref="FastCgiProtocolException">The content is not 8 bytes.</exception>
    public static FastCgiUnknownTypeBody Read(ReadOnlySpan<byte> content)
    {
        if (content.Length != Size)
        {
            FastCgiProtocolException.Throw(FastCgiRejectionReason.BadUnknownTypeBody);
        }
        return new FastCgiUnknownTypeBody(content[0]);
    }
}
