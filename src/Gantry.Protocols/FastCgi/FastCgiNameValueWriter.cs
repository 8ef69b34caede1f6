using System.Buffers.Binary;

namespace Gantry.Protocols.FastCgi;

/// <summary>Writes FastCGI name-value pairs (spec §3.4); see <see cref="FastCgiNameValueReader"/> for the layout.</summary>
public static class FastCgiNameValueWriter
{
    private const int ShortLengthLimit = 0x80;
    private const uint LongLengthFlag = 0x8000_0000;

    /// <summary>Bytes a length field takes: 1 below 128, else 4.</summary>
    public static int GetLengthSize(int length) => length < ShortLengthLimit ? sizeof(byte) : sizeof(uint);

    /// <summary>Bytes one pair takes.</summary>
    public static int GetPairSize(int nameLength, int valueLength) =>
        GetLengthSize(nameLength) + GetLengthSize(valueLength) + nameLength + valueLength;

    /// <summary>Writes one pair; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The name is empty or the destination is too small.</exception>
    public static int WritePair(Span<byte> destination, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.IsEmpty)
        {
            throw new ArgumentException("FastCGI names cannot be empty.", nameof(name));
        }
        var size = GetPairSize(name.Length, value.Length);
        if (destination.Length < size)
        {
            throw new ArgumentException($"{size} bytes needed, {destination.Length} available.", nameof(destination));
        }
        var offset = WriteLength(destination, name.Length);
        offset += WriteLength(destination[offset..], value.Length);
        name.CopyTo(destination[offset..]);
        value.CopyTo(destination[(offset + name.Length)..]);
        return size;
    }

    private static int WriteLength(Span<byte> destination, int length)
    {
        if (length < ShortLengthLimit)
        {
            destination[0] = (byte)length;
            return sizeof(byte);
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)length | LongLengthFlag);
        return sizeof(uint);
    }
}
