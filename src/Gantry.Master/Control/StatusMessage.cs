using System.Buffers.Binary;

namespace Gantry.Master.Control;

/// <summary>
/// A worker-to-master message on the status pipe: 16 bytes, so each write is atomic (≤ PIPE_BUF, pipe(7))
/// even with every worker writing to the same pipe.
/// <code>
/// u32 kind (1 = ready) | i32 scoreboard record | i32 pid | u32 reserved      little-endian
/// </code>
/// </summary>
internal readonly record struct StatusMessage(int Kind, int Record, int Pid)
{
    public const int Size = 16;
    public const int Ready = 1;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, Kind);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], Record);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], Pid);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], 0);
    }

    public static StatusMessage Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt32LittleEndian(source),
        BinaryPrimitives.ReadInt32LittleEndian(source[4..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[8..]));
}
