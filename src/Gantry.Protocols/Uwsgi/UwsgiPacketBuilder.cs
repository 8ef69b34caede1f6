namespace Gantry.Protocols.Uwsgi;

/// <summary>
/// Builds one uwsgi request packet in a caller-owned span: reserves the header, appends variables, then writes
/// the header with the final <c>datasize</c>.
/// <code>
/// var packet = new UwsgiPacketBuilder(buffer);
/// packet.Add("REQUEST_METHOD"u8, "GET"u8);
/// int length = packet.Complete(UwsgiModifier.Wsgi, 0);
/// </code>
/// </summary>
public ref struct UwsgiPacketBuilder
{
    private readonly Span<byte> _destination;
    private int _length;

    /// <summary>Starts a packet at the beginning of <paramref name="destination"/>.</summary>
    public UwsgiPacketBuilder(Span<byte> destination)
    {
        if (destination.Length < UwsgiPacketHeader.Size)
        {
            throw new ArgumentException("A uwsgi packet needs at least 4 bytes.", nameof(destination));
        }
        _destination = destination;
        _length = UwsgiPacketHeader.Size;
    }

    /// <summary>Size of the vars block written so far.</summary>
    public readonly int DataSize => _length - UwsgiPacketHeader.Size;

    /// <summary>Appends one variable.</summary>
    /// <exception cref="ArgumentException">The key is empty, or the destination is too small.</exception>
    /// <exception cref="InvalidOperationException">The vars block would exceed 65535 bytes, the 16-bit <c>datasize</c>.</exception>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (DataSize + UwsgiPacketWriter.GetVariableSize(key.Length, value.Length) > UwsgiPacketLimits.MaxBufferSize)
        {
            throw new InvalidOperationException("A uwsgi vars block cannot exceed 65535 bytes.");
        }
        _length += UwsgiPacketWriter.WriteVariable(_destination[_length..], key, value);
    }

    /// <summary>Writes the header; returns the packet length (header plus vars block).</summary>
    public readonly int Complete(byte modifier1, byte modifier2)
    {
        UwsgiPacketWriter.WriteHeader(_destination, new UwsgiPacketHeader(modifier1, (ushort)DataSize, modifier2));
        return _length;
    }
}
