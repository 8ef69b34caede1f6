using Gantry.Protocols.Uwsgi;
using static Gantry.Protocols.Tests.Uwsgi.UwsgiBytes;

namespace Gantry.Protocols.Tests.Uwsgi;

public class UwsgiPacketReaderTests
{
    [Fact]
    public void TryReadHeader_NotesExampleHeader_ReadsLittleEndianSize()
    {
        Assert.True(UwsgiPacketReader.TryReadHeader(Hex("00 23 00 00"), out var header));

        Assert.Equal(0, header.Modifier1);
        Assert.Equal(0x23, header.DataSize);
        Assert.Equal(0, header.Modifier2);
        Assert.Equal(39, header.PacketSize);
    }

    [Fact]
    public void TryReadHeader_ThreeBytes_NeedsMore()
    {
        Assert.False(UwsgiPacketReader.TryReadHeader(Hex("00 23 00"), out _));
    }

    [Fact]
    public void TryReadHeader_BothModifiers_KeepsThem()
    {
        Assert.True(UwsgiPacketReader.TryReadHeader(Hex("6e 34 12 07"), out var header));

        Assert.Equal(110, header.Modifier1);
        Assert.Equal(0x1234, header.DataSize);
        Assert.Equal(7, header.Modifier2);
    }

    [Fact]
    public void TryReadPacket_BodyFollows_ConsumedStopsAtTheBody()
    {
        var input = Concat(Packet(("CONTENT_LENGTH", "5")), Latin1("hello"));
        var handler = new RecordingVariableHandler();

        Assert.True(UwsgiPacketReader.TryReadPacket(input, UwsgiPacketLimits.Default, ref handler, out _, out var consumed));

        Assert.Equal("hello", System.Text.Encoding.Latin1.GetString(input.AsSpan(consumed)));
    }

    [Fact]
    public void ReadVariables_BadVariableAfterGoodOnes_HandlerSeesNothing()
    {
        var block = Concat(Variable("REQUEST_METHOD", "GET"), Variable("PATH_INFO", "/"), Hex("07"));
        var handler = new RecordingVariableHandler();

        var error = Assert.Throws<UwsgiProtocolException>(() => UwsgiPacketReader.ReadVariables(block, 128, ref handler));

        Assert.Equal(UwsgiRejectionReason.TruncatedKeySize, error.Reason);
        Assert.Empty(handler.Variables);
    }

    [Fact]
    public void ReadVariables_DuplicateKeys_DeliveredInWireOrder()
    {
        var block = Concat(Variable("HTTP_X", "1"), Variable("HTTP_X", "2"));
        var handler = new RecordingVariableHandler();

        var count = UwsgiPacketReader.ReadVariables(block, 128, ref handler);

        Assert.Equal(2, count);
        Assert.Equal([("HTTP_X", "1"), ("HTTP_X", "2")], handler.Variables);
    }

    [Fact]
    public void ReadVariables_LongestValue_Accepted()
    {
        var value = new string('x', ushort.MaxValue - 2 - 1 - 2);
        var handler = new RecordingVariableHandler();

        UwsgiPacketReader.ReadVariables(Variable("K", value), 1, ref handler);

        Assert.Equal(value, handler.Value("K"));
    }

    [Fact]
    public void TryReadPacket_ExceptionMessage_NamesReasonAndOffset()
    {
        var input = Concat(Header(0, 2 + 3), Hex("0a 00"), Latin1("PAT"));
        var handler = new RecordingVariableHandler();

        var error = Assert.Throws<UwsgiProtocolException>(() =>
            UwsgiPacketReader.TryReadPacket(input, UwsgiPacketLimits.Default, ref handler, out _, out _));

        Assert.Equal("invalid uwsgi vars block: key longer than the rest of the block at offset 2", error.Message);
    }

    [Fact]
    public void FromUwsgiOptions_DefaultMaxVars_AdmitsTwoVariablesPerVar()
    {
        var limits = UwsgiPacketLimits.FromUwsgiOptions(32768, 64);

        Assert.Equal(new UwsgiPacketLimits(32768, 128), limits);
        Assert.Equal(UwsgiPacketLimits.FromUwsgiOptions(4096, 64), UwsgiPacketLimits.Default);
    }

    [Fact]
    public void TryReadPacket_StructHandlerRepeated_AllocatesNothing()
    {
        var input = Packet(0, 0, NginxUwsgiParams.ForGet(debian: true));
        var handler = new CountingHandler();
        UwsgiPacketReader.TryReadPacket(input, UwsgiPacketLimits.Default, ref handler, out _, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            UwsgiPacketReader.TryReadPacket(input, UwsgiPacketLimits.Default, ref handler, out _, out _);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(17 * 1001, handler.Count);
    }

    private struct CountingHandler : IUwsgiVariableHandler
    {
        public int Count;

        public void OnVariable(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Count++;
    }
}
