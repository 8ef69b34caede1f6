using System.Buffers.Binary;

namespace Gantry.Protocols.Uwsgi;

/// <summary>
/// Writes uwsgi packets (the client side: tests, and a future uwsgi client). See <see cref="UwsgiPacketBuilder"/>
/// to build a whole request packet.
/// </summary>
public static class UwsgiPacketWriter
{
    private const int SizeFieldLength = sizeof(ushort);

    /// <summary>Bytes one variable takes in a vars block.</summary>
    public static int GetVariableSize(int keyLength, int valueLength) => SizeFieldLength + keyLength + SizeFieldLength + valueLength;

    /// <summary>Writes the 4-byte header into <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, UwsgiPacketHeader header)
    {
        destination[0] = header.Modifier1;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], header.DataSize);
        destination[3] = header.Modifier2;
    }

    /// <summary>Writes one variable; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The key is empty, a part is longer than 65535 bytes, or the destination is too small.</exception>
    public static int WriteVariable(Span<byte> destination, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("uwsgi variable keys cannot be empty.", nameof(key));
        }
        if (key.Length > ushort.MaxValue || value.Length > ushort.MaxValue)
        {
            throw new ArgumentException("uwsgi variable keys and values are at most 65535 bytes.");
        }
        var size = GetVariableSize(key.Length, value.Length);
        if (destination.Length < size)
        {
            throw new ArgumentException($"{size} bytes needed, {destination.Length} available.", nameof(destination));
        }
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)key.Length);
        key.CopyTo(destination[SizeFieldLength..]);
        var offset = SizeFieldLength + key.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], (ushort)value.Length);
        value.CopyTo(destination[(offset + SizeFieldLength)..]);
        return size;
    }
}
