namespace Gantry.Kestrel;

/// <summary>
/// A piece of response body waiting for Kestrel: bytes copied from the host (a pooled block), or a range of a file the
/// host keeps open until it is resumed (<see cref="Gantry.Application.IResponseSink.WriteFile"/>).
/// </summary>
internal sealed class OutputSegment
{
    /// <summary>The pooled block, or null for a file range.</summary>
    public byte[]? Bytes;

    /// <summary>Bytes used in <see cref="Bytes"/>.</summary>
    public int Length;

    /// <summary>The file's descriptor (borrowed).</summary>
    public int Fd;

    /// <summary>Where the range starts.</summary>
    public long Offset;

    /// <summary>Bytes of the range.</summary>
    public long Count;

    /// <summary>What this segment counts against the high-water mark.</summary>
    public long Size => Bytes is null ? Count : Length;
}
