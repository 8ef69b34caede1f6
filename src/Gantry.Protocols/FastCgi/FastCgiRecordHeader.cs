namespace Gantry.Protocols.FastCgi;

/// <summary>
/// The 8-byte header of every FastCGI record (spec §3.3), all integers big-endian:
/// <code>
///   0         1      2               4                   6               7          8
///   +---------+------+---------------+-------------------+---------------+----------+
///   | version | type | requestId BE  | contentLength BE  | paddingLength | reserved |
///   +---------+------+---------------+-------------------+---------------+----------+
/// </code>
/// followed by <c>contentLength</c> content bytes and <c>paddingLength</c> bytes to skip.
/// </summary>
public readonly struct FastCgiRecordHeader
{
    /// <summary>Size of the header on the wire, in bytes.</summary>
    public const int Size = 8;

    /// <summary>Creates a version-1 header.</summary>
    public FastCgiRecordHeader(FastCgiRecordType type, ushort requestId, ushort contentLength, byte paddingLength)
    {
        Type = type;
        RequestId = requestId;
        ContentLength = contentLength;
        PaddingLength = paddingLength;
    }

    /// <summary>Record type; may be a value outside <see cref="FastCgiRecordType"/>'s named members.</summary>
    public FastCgiRecordType Type { get; }

    /// <summary>The request this record belongs to; 0 for management records.</summary>
    public ushort RequestId { get; }

    /// <summary>Length of the content after the header.</summary>
    public ushort ContentLength { get; }

    /// <summary>Length of the padding after the content, which receivers skip.</summary>
    public byte PaddingLength { get; }

    /// <summary>Header, content and padding: the bytes the whole record occupies.</summary>
    public int RecordSize => Size + ContentLength + PaddingLength;

    /// <summary>True for management records (request id 0, spec §4).</summary>
    public bool IsManagement => RequestId == FastCgiConstants.NullRequestId;
}
