using System.Buffers.Binary;

namespace Gantry.Protocols.FastCgi;

/// <summary>
/// Reads FastCGI records (spec §3.3) from bytes the caller has accumulated. No I/O, no allocation. A record is
/// returned only when it is whole (header, content and padding), so a caller's receive buffer must hold at least
/// <see cref="FastCgiConstants.MaxRecordSize"/> bytes.
/// </summary>
public static class FastCgiRecordReader
{
    /// <summary>
    /// Reads a record header; false when fewer than 8 bytes are available. The version byte is checked as soon as
    /// it arrives, so garbage (an HTTP request sent to the FastCGI socket) is refused at its first byte.
    /// </summary>
    /// <exception cref="FastCgiProtocolException">The version byte is not 1.</exception>
    public static bool TryReadHeader(ReadOnlySpan<byte> buffer, out FastCgiRecordHeader header)
    {
        if (!buffer.IsEmpty && buffer[0] != FastCgiConstants.Version1)
        {
            FastCgiProtocolException.ThrowBadVersion(buffer[0]);
        }
        if (buffer.Length < FastCgiRecordHeader.Size)
        {
            header = default;
            return false;
        }
        // Byte 7 is reserved: senders write 0, receivers ignore it.
        header = new FastCgiRecordHeader(
            (FastCgiRecordType)buffer[1],
            BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(buffer[4..]),
            buffer[6]);
        return true;
    }

    /// <summary>
    /// Reads one whole record; false while it is incomplete. <paramref name="consumed"/> covers header, content and
    /// padding; <see cref="GetContent"/> slices the content.
    /// </summary>
    /// <exception cref="FastCgiProtocolException">The version byte is not 1.</exception>
    public static bool TryRead(ReadOnlySpan<byte> buffer, out FastCgiRecordHeader header, out int consumed)
    {
        consumed = 0;
        if (!TryReadHeader(buffer, out header) || buffer.Length < header.RecordSize)
        {
            return false;
        }
        consumed = header.RecordSize;
        return true;
    }

    /// <summary>Reads one whole record and slices its content; false while it is incomplete.</summary>
    /// <exception cref="FastCgiProtocolException">The version byte is not 1.</exception>
    public static bool TryRead(ReadOnlySpan<byte> buffer, out FastCgiRecordHeader header, out ReadOnlySpan<byte> content, out int consumed)
    {
        if (!TryRead(buffer, out header, out consumed))
        {
            content = default;
            return false;
        }
        content = GetContent(buffer, header);
        return true;
    }

    /// <summary>The content of a record that starts at <paramref name="record"/>[0].</summary>
    public static ReadOnlySpan<byte> GetContent(ReadOnlySpan<byte> record, FastCgiRecordHeader header) =>
        record.Slice(FastCgiRecordHeader.Size, header.ContentLength);

    /// <summary>The padding of a record that starts at <paramref name="record"/>[0] (its value carries no meaning).</summary>
    public static ReadOnlySpan<byte> GetPadding(ReadOnlySpan<byte> record, FastCgiRecordHeader header) =>
        record.Slice(FastCgiRecordHeader.Size + header.ContentLength, header.PaddingLength);
}
