using Gantry.Server.Connections;

namespace Gantry.Server.Tests.Connections;

public sealed class OutputBufferTests
{
    [Fact]
    public void Write_PastItsSize_KeepsEveryByteInOrder()
    {
        using var output = new OutputBuffer();
        var expected = new List<byte>();
        for (var i = 0; i < 40; i++)
        {
            var block = Enumerable.Range(0, 50_000).Select(n => (byte)(n + i)).ToArray();
            output.Write(block);
            expected.AddRange(block);
        }

        Assert.Equal(expected.Count, output.Pending);
        Assert.Equal(expected.ToArray(), output.PendingSpan(0, output.Pending).ToArray());
    }

    [Fact]
    public void GetSpanAndCommit_AfterPatchingAPendingHeader_SeeThePatch()
    {
        using var output = new OutputBuffer();
        output.Write([0, 0, 0, 0]);
        var span = output.GetSpan(3);
        span[0] = 7;
        span[1] = 8;
        span[2] = 9;
        output.Commit(3);

        output.PendingSpan(0, 4).Fill(5);

        Assert.Equal(new byte[] { 5, 5, 5, 5, 7, 8, 9 }, output.PendingSpan(0, 7).ToArray());
    }

    [Fact]
    public void GetMemory_WrapsTheFreeSpace()
    {
        using var output = new OutputBuffer();
        System.Buffers.IBufferWriter<byte> writer = output;

        var memory = writer.GetMemory(10);
        memory.Span[..3].Fill(42);
        writer.Advance(3);

        Assert.Equal(new byte[] { 42, 42, 42 }, output.PendingSpan(0, 3).ToArray());
    }

    [Fact]
    public void Clear_AfterALargeResponse_EmptyAndUsable()
    {
        using var output = new OutputBuffer();
        output.Write(new byte[3 * 1024 * 1024]);

        output.Clear();
        output.Write([1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2, 3 }, output.PendingSpan(0, output.Pending).ToArray());
    }
}
