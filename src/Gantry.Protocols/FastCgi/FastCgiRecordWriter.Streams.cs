using System.Buffers;

namespace Gantry.Protocols.FastCgi;

public static partial class FastCgiRecordWriter
{
    /// <summary>
    /// Most content put in one stream record: the 16-bit maximum, padded with one byte to 65536 so every record
    /// still ends on an 8-byte boundary.
    /// </summary>
    public const int MaxStreamChunk = FastCgiConstants.MaxContentLength;

    /// <summary>Bytes <see cref="WriteStream(Span{byte}, FastCgiRecordType, ushort, ReadOnlySpan{byte})"/> writes for <paramref name="dataLength"/> bytes (end record not included).</summary>
    public static int GetStreamSize(int dataLength)
    {
        var fullRecords = dataLength / MaxStreamChunk;
        var rest = dataLength % MaxStreamChunk;
        return (fullRecords * GetRecordSize(MaxStreamChunk)) + (rest == 0 ? 0 : GetRecordSize(rest));
    }

    /// <summary>
    /// Writes <paramref name="data"/> as records of a stream type (PARAMS, STDIN, STDOUT, STDERR, DATA), split at
    /// <see cref="MaxStreamChunk"/>. Empty data writes nothing: the end of a stream is
    /// <see cref="WriteStreamEnd(Span{byte}, FastCgiRecordType, ushort)"/>, written once.
    /// </summary>
    /// <remarks>
    /// For PARAMS, encode the pairs with <see cref="FastCgiNameValueWriter"/> into one buffer and pass it here: the
    /// spec lets a pair straddle records, so the split needs no care for pair boundaries.
    /// </remarks>
    public static int WriteStream(Span<byte> destination, FastCgiRecordType type, ushort requestId, ReadOnlySpan<byte> data)
    {
        EnsureRoom(destination, GetStreamSize(data.Length));
        var written = 0;
        while (!data.IsEmpty)
        {
            var chunk = Math.Min(data.Length, MaxStreamChunk);
            written += WriteRecord(destination[written..], type, requestId, data[..chunk]);
            data = data[chunk..];
        }
        return written;
    }

    /// <summary>Writes <paramref name="data"/> as stream records, one <see cref="IBufferWriter{T}.GetSpan"/> per record.</summary>
    public static void WriteStream(IBufferWriter<byte> output, FastCgiRecordType type, ushort requestId, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var chunk = Math.Min(data.Length, MaxStreamChunk);
            WriteRecord(output, type, requestId, data[..chunk]);
            data = data[chunk..];
        }
    }

    /// <summary>Writes the empty record (8 bytes) that ends a stream.</summary>
    public static int WriteStreamEnd(Span<byte> destination, FastCgiRecordType type, ushort requestId) =>
        WriteRecord(destination, type, requestId, []);

    /// <summary>Writes the empty record (8 bytes) that ends a stream.</summary>
    public static void WriteStreamEnd(IBufferWriter<byte> output, FastCgiRecordType type, ushort requestId) =>
        output.Advance(WriteStreamEnd(output.GetSpan(FastCgiRecordHeader.Size), type, requestId));
}
