using System.Buffers;
using System.Buffers.Binary;

namespace Gantry.Protocols.FastCgi;

/// <summary>
/// Writes FastCGI records into a caller's span or <see cref="IBufferWriter{T}"/>, for both sides: a server front
/// (END_REQUEST, STDOUT, STDERR, GET_VALUES_RESULT, UNKNOWN_TYPE) and a client to php-fpm (BEGIN_REQUEST, PARAMS,
/// STDIN, ABORT_REQUEST, GET_VALUES). Every record's content is padded to a multiple of 8 bytes (spec §3.3).
/// Span methods return the bytes written and throw <see cref="ArgumentException"/> when the span is too small.
/// </summary>
public static partial class FastCgiRecordWriter
{
    private const int FixedRecordSize = FastCgiRecordHeader.Size + 8;

    /// <summary>Padding that brings <paramref name="contentLength"/> to a multiple of 8.</summary>
    public static int GetPaddingLength(int contentLength) => -contentLength & (FastCgiConstants.Alignment - 1);

    /// <summary>Size of one record holding <paramref name="contentLength"/> bytes, padding included.</summary>
    public static int GetRecordSize(int contentLength) => FastCgiRecordHeader.Size + contentLength + GetPaddingLength(contentLength);

    /// <summary>Writes an 8-byte record header; the caller writes content and padding after it.</summary>
    public static void WriteHeader(Span<byte> destination, FastCgiRecordHeader header)
    {
        EnsureRoom(destination, FastCgiRecordHeader.Size);
        destination[0] = FastCgiConstants.Version1;
        destination[1] = (byte)header.Type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], header.RequestId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], header.ContentLength);
        destination[6] = header.PaddingLength;
        destination[7] = 0;
    }

    /// <summary>
    /// Writes 8 bytes that no FastCGI reader accepts as a record header (version 0; spec §3.3 knows only
    /// FCGI_VERSION_1). A responder has no record to abort a response (§5.5: END_REQUEST only completes it), and a
    /// web server takes the end of the connection for the end of the response; after a failure that cut the body,
    /// this makes the web server fail the request instead (nginx: "upstream sent unsupported FastCGI protocol
    /// version: 0"), so its client sees a cut response rather than a whole one.
    /// </summary>
    public static void WriteUnreadableHeader(IBufferWriter<byte> destination)
    {
        destination.GetSpan(FastCgiRecordHeader.Size)[..FastCgiRecordHeader.Size].Clear();
        destination.Advance(FastCgiRecordHeader.Size);
    }

    /// <summary>Writes one padded record holding <paramref name="content"/> (at most 65535 bytes).</summary>
    public static int WriteRecord(Span<byte> destination, FastCgiRecordType type, ushort requestId, ReadOnlySpan<byte> content)
    {
        if (content.Length > FastCgiConstants.MaxContentLength)
        {
            throw new ArgumentException("A FastCGI record holds at most 65535 bytes; use WriteStream to split.", nameof(content));
        }
        var padding = GetPaddingLength(content.Length);
        var size = FastCgiRecordHeader.Size + content.Length + padding;
        EnsureRoom(destination, size);
        WriteHeader(destination, new FastCgiRecordHeader(type, requestId, (ushort)content.Length, (byte)padding));
        content.CopyTo(destination[FastCgiRecordHeader.Size..]);
        destination.Slice(FastCgiRecordHeader.Size + content.Length, padding).Clear();
        return size;
    }

    /// <summary>Writes one padded record holding <paramref name="content"/> (at most 65535 bytes).</summary>
    public static void WriteRecord(IBufferWriter<byte> output, FastCgiRecordType type, ushort requestId, ReadOnlySpan<byte> content) =>
        output.Advance(WriteRecord(output.GetSpan(GetRecordSize(content.Length)), type, requestId, content));

    /// <summary>Writes BEGIN_REQUEST (16 bytes).</summary>
    public static int WriteBeginRequest(Span<byte> destination, ushort requestId, FastCgiRole role, FastCgiBeginRequestFlags flags)
    {
        var body = StartFixedRecord(destination, FastCgiRecordType.BeginRequest, requestId);
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)role);
        body[2] = (byte)flags;
        return FixedRecordSize;
    }

    /// <summary>Writes END_REQUEST (16 bytes).</summary>
    public static int WriteEndRequest(Span<byte> destination, ushort requestId, uint appStatus, FastCgiProtocolStatus protocolStatus)
    {
        var body = StartFixedRecord(destination, FastCgiRecordType.EndRequest, requestId);
        BinaryPrimitives.WriteUInt32BigEndian(body, appStatus);
        body[4] = (byte)protocolStatus;
        return FixedRecordSize;
    }

    /// <summary>Writes UNKNOWN_TYPE (16 bytes), the answer to a management record of type <paramref name="unknownType"/>.</summary>
    public static int WriteUnknownType(Span<byte> destination, byte unknownType)
    {
        var body = StartFixedRecord(destination, FastCgiRecordType.UnknownType, FastCgiConstants.NullRequestId);
        body[0] = unknownType;
        return FixedRecordSize;
    }

    /// <summary>Writes ABORT_REQUEST (8 bytes, no content).</summary>
    public static int WriteAbortRequest(Span<byte> destination, ushort requestId) =>
        WriteRecord(destination, FastCgiRecordType.AbortRequest, requestId, []);

    /// <summary>Writes BEGIN_REQUEST (16 bytes).</summary>
    public static void WriteBeginRequest(IBufferWriter<byte> output, ushort requestId, FastCgiRole role, FastCgiBeginRequestFlags flags) =>
        output.Advance(WriteBeginRequest(output.GetSpan(FixedRecordSize), requestId, role, flags));

    /// <summary>Writes END_REQUEST (16 bytes).</summary>
    public static void WriteEndRequest(IBufferWriter<byte> output, ushort requestId, uint appStatus, FastCgiProtocolStatus protocolStatus) =>
        output.Advance(WriteEndRequest(output.GetSpan(FixedRecordSize), requestId, appStatus, protocolStatus));

    /// <summary>Writes UNKNOWN_TYPE (16 bytes).</summary>
    public static void WriteUnknownType(IBufferWriter<byte> output, byte unknownType) =>
        output.Advance(WriteUnknownType(output.GetSpan(FixedRecordSize), unknownType));

    /// <summary>Writes ABORT_REQUEST (8 bytes).</summary>
    public static void WriteAbortRequest(IBufferWriter<byte> output, ushort requestId) =>
        output.Advance(WriteAbortRequest(output.GetSpan(FastCgiRecordHeader.Size), requestId));

    // Header plus an 8-byte body whose reserved bytes are zeroed; returns the body for the caller to fill.
    private static Span<byte> StartFixedRecord(Span<byte> destination, FastCgiRecordType type, ushort requestId)
    {
        EnsureRoom(destination, FixedRecordSize);
        WriteHeader(destination, new FastCgiRecordHeader(type, requestId, FixedRecordSize - FastCgiRecordHeader.Size, 0));
        var body = destination.Slice(FastCgiRecordHeader.Size, FixedRecordSize - FastCgiRecordHeader.Size);
        body.Clear();
        return body;
    }

    private static void EnsureRoom(Span<byte> destination, int size)
    {
        if (destination.Length < size)
        {
            throw new ArgumentException($"{size} bytes needed, {destination.Length} available.", nameof(destination));
        }
    }
}
