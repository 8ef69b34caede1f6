using System.Buffers.Binary;

namespace Gantry.Protocols.Uwsgi;

/// <summary>
/// Reads uwsgi request packets (uwsgi-docs Protocol.rst) from bytes the caller has accumulated. No I/O, no
/// allocation: variables are handed to the handler as slices of the caller's buffer.
/// </summary>
/// <remarks>
/// The packet is followed on the same stream by the request body, whose length is the <c>CONTENT_LENGTH</c>
/// variable ("" means 0, nginx always sends the key). The reader never touches the body: after a packet,
/// <c>buffer[consumed..]</c> is the start of the body, and a body that ends before <c>CONTENT_LENGTH</c> bytes is
/// for the connection to detect, at end of stream.
/// </remarks>
public static class UwsgiPacketReader
{
    private const int SizeFieldLength = sizeof(ushort);

    /// <summary>Reads the 4-byte header; false when fewer than 4 bytes are available.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> buffer, out UwsgiPacketHeader header)
    {
        if (buffer.Length < UwsgiPacketHeader.Size)
        {
            header = default;
            return false;
        }
        header = new UwsgiPacketHeader(buffer[0], BinaryPrimitives.ReadUInt16LittleEndian(buffer[1..]), buffer[3]);
        return true;
    }

    /// <summary>
    /// Reads a whole request packet: header, then its vars block. Returns false while the packet is incomplete.
    /// The size limit is checked as soon as the header is in, before waiting for the block, so an oversized
    /// packet is refused without buffering it.
    /// </summary>
    /// <param name="buffer">Bytes received so far on the connection, from the packet's first byte.</param>
    /// <param name="limits">Buffer size and variable count limits.</param>
    /// <param name="handler">Receives the variables, only once the whole block has been validated.</param>
    /// <param name="header">The header, when at least 4 bytes are available.</param>
    /// <param name="consumed">Header plus vars block; 0 when false is returned.</param>
    /// <exception cref="UwsgiProtocolException">The header or the vars block is invalid.</exception>
    public static bool TryReadPacket<THandler>(
        ReadOnlySpan<byte> buffer,
        UwsgiPacketLimits limits,
        ref THandler handler,
        out UwsgiPacketHeader header,
        out int consumed)
        where THandler : IUwsgiVariableHandler, allows ref struct
    {
        consumed = 0;
        if (!TryReadHeader(buffer, out header))
        {
            return false;
        }
        if (header.DataSize > limits.BufferSize)
        {
            UwsgiProtocolException.ThrowBlockTooLarge(header.DataSize, limits.BufferSize);
        }
        if (buffer.Length < header.PacketSize)
        {
            return false;
        }
        ReadVariables(buffer.Slice(UwsgiPacketHeader.Size, header.DataSize), limits.MaxVariables, ref handler);
        consumed = header.PacketSize;
        return true;
    }

    /// <summary>
    /// Validates a complete vars block (exactly <c>DataSize</c> bytes) and then hands each variable to the handler,
    /// so a handler never sees part of an invalid block. Returns the number of variables.
    /// </summary>
    /// <exception cref="UwsgiProtocolException">The block is malformed or has more than <paramref name="maxVariables"/> variables.</exception>
    public static int ReadVariables<THandler>(ReadOnlySpan<byte> block, int maxVariables, ref THandler handler)
        where THandler : IUwsgiVariableHandler, allows ref struct
    {
        var count = Validate(block, maxVariables);
        var offset = 0;
        while (offset < block.Length)
        {
            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(block[offset..]);
            var key = block.Slice(offset + SizeFieldLength, keyLength);
            offset += SizeFieldLength + keyLength;
            var valueLength = BinaryPrimitives.ReadUInt16LittleEndian(block[offset..]);
            var value = block.Slice(offset + SizeFieldLength, valueLength);
            offset += SizeFieldLength + valueLength;
            handler.OnVariable(key, value);
        }
        return count;
    }

    // Each variable, repeated until the block is used up:
    //   +-------------+---------------+---------------+-----------------+
    //   | key_size LE | key (>0 bytes)| val_size LE   | value (>=0)     |
    //   +-------------+---------------+---------------+-----------------+
    // uWSGI (core/protocol.c uwsgi_parse_vars) drops the request on an empty key or on any size that runs past
    // the block; an empty value is legal, also as the last item.
    private static int Validate(ReadOnlySpan<byte> block, int maxVariables)
    {
        var count = 0;
        var offset = 0;
        while (offset < block.Length)
        {
            if (block.Length - offset < SizeFieldLength)
            {
                UwsgiProtocolException.Throw(UwsgiRejectionReason.TruncatedKeySize, offset);
            }
            int keyLength = BinaryPrimitives.ReadUInt16LittleEndian(block[offset..]);
            if (keyLength == 0)
            {
                UwsgiProtocolException.Throw(UwsgiRejectionReason.ZeroLengthKey, offset);
            }
            offset += SizeFieldLength;
            if (block.Length - offset < keyLength)
            {
                UwsgiProtocolException.Throw(UwsgiRejectionReason.TruncatedKey, offset);
            }
            offset += keyLength;
            if (block.Length - offset < SizeFieldLength)
            {
                UwsgiProtocolException.Throw(UwsgiRejectionReason.TruncatedValueSize, offset);
            }
            int valueLength = BinaryPrimitives.ReadUInt16LittleEndian(block[offset..]);
            offset += SizeFieldLength;
            if (block.Length - offset < valueLength)
            {
                UwsgiProtocolException.Throw(UwsgiRejectionReason.TruncatedValue, offset);
            }
            offset += valueLength;
            if (++count > maxVariables)
            {
                UwsgiProtocolException.ThrowTooManyVariables(maxVariables);
            }
        }
        return count;
    }
}
