namespace Gantry.Server.Connections;

/// <summary>
/// A file range being sent with sendfile(2). A front whose framing limits a frame's size (FastCGI records) sends
/// it as segments, each framed by the front; <see cref="SegmentRemaining"/> is what is left of the current one.
/// </summary>
internal struct PendingFile(int descriptor, long offset, long remaining)
{
    public readonly int Descriptor = descriptor;
    public long Offset = offset;
    public long Remaining = remaining;
    public long SegmentRemaining;

    public readonly bool Active => Remaining > 0 || SegmentRemaining > 0;
}
