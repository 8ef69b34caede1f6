using Gantry.Protocols.Uwsgi;
using static Gantry.Protocols.Tests.Uwsgi.UwsgiBytes;

namespace Gantry.Protocols.Tests.Uwsgi;

public class UwsgiPacketWriterTests
{
    [Fact]
    public void Complete_NotesExample_ExactBytes()
    {
        var buffer = new byte[64];
        var packet = new UwsgiPacketBuilder(buffer);
        packet.Add("REQUEST_METHOD"u8, "GET"u8);
        packet.Add("PATH_INFO"u8, "/"u8);

        var length = packet.Complete(UwsgiModifier.Wsgi, 0);

        var expected = Concat(Hex("00 23 00 00 0e 00"), Latin1("REQUEST_METHOD"), Hex("03 00"), Latin1("GET"), Hex("09 00"), Latin1("PATH_INFO"), Hex("01 00"), Latin1("/"));
        Assert.Equal(expected, buffer[..length]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Complete_NginxParams_RoundTripsThroughReader(bool debian)
    {
        var variables = NginxUwsgiParams.ForGet(debian);
        var buffer = new byte[4096];
        var packet = new UwsgiPacketBuilder(buffer);
        foreach (var (key, value) in variables)
        {
            packet.Add(Latin1(key), Latin1(value));
        }
        var length = packet.Complete(UwsgiModifier.Wsgi, 0);
        var handler = new RecordingVariableHandler();

        Assert.True(UwsgiPacketReader.TryReadPacket(buffer.AsSpan(0, length), UwsgiPacketLimits.Default, ref handler, out var header, out var consumed));

        Assert.Equal(length, consumed);
        Assert.Equal(length - UwsgiPacketHeader.Size, header.DataSize);
        Assert.Equal(variables, handler.Variables);
    }

    [Fact]
    public void Complete_ModifiersAndEmptyValue_RoundTrip()
    {
        var buffer = new byte[32];
        var packet = new UwsgiPacketBuilder(buffer);
        packet.Add("CONTENT_LENGTH"u8, ""u8);

        var length = packet.Complete(UwsgiModifier.Cgi, 3);

        var handler = new RecordingVariableHandler();
        Assert.True(UwsgiPacketReader.TryReadPacket(buffer.AsSpan(0, length), UwsgiPacketLimits.Default, ref handler, out var header, out _));
        Assert.Equal((UwsgiModifier.Cgi, (byte)3), (header.Modifier1, header.Modifier2));
        Assert.Equal([("CONTENT_LENGTH", "")], handler.Variables);
    }

    [Fact]
    public void Add_EmptyKey_Throws()
    {
        var buffer = new byte[32];

        Assert.Throws<ArgumentException>(() => new UwsgiPacketBuilder(buffer).Add(""u8, "x"u8));
    }

    [Fact]
    public void Add_BlockBeyond65535_Throws()
    {
        var buffer = new byte[70000];
        var value = new byte[40000];

        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            var packet = new UwsgiPacketBuilder(buffer);
            packet.Add("A"u8, value);
            packet.Add("B"u8, value);
        });

        Assert.Contains("65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteVariable_DestinationTooSmall_Throws()
    {
        var buffer = new byte[5];

        Assert.Throws<ArgumentException>(() => UwsgiPacketWriter.WriteVariable(buffer, "KEY"u8, "v"u8));
    }
}
