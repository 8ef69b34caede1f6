using Gantry.Protocols.FastCgi;
using static Gantry.Protocols.Tests.FastCgi.FastCgiBytes;

namespace Gantry.Protocols.Tests.FastCgi;

public class FastCgiRecordReaderTests
{
    [Fact]
    public void TryRead_PaddedRecord_ConsumedCoversContentAndPadding()
    {
        var record = Record(Stdin, 0x0102, Latin1("hello"));

        Assert.True(FastCgiRecordReader.TryRead(record, out var header, out var content, out var consumed));

        Assert.Equal(FastCgiRecordType.Stdin, header.Type);
        Assert.Equal(0x0102, header.RequestId);
        Assert.Equal(5, header.ContentLength);
        Assert.Equal(3, header.PaddingLength);
        Assert.Equal(16, consumed);
        Assert.Equal("hello", RecordingRequestHandler.Text(content));
        Assert.Equal([0xAA, 0xAA, 0xAA], FastCgiRecordReader.GetPadding(record, header).ToArray());
    }

    [Fact]
    public void TryRead_BigEndianLengths_Decoded()
    {
        var record = Record(Params, 1, new byte[0x0123], padding: 0);

        Assert.True(FastCgiRecordReader.TryRead(record, out var header, out _));

        Assert.Equal(0x0123, header.ContentLength);
        Assert.Equal(0x0123 + 8, header.RecordSize);
    }

    [Fact]
    public void TryRead_MissingLastPaddingByte_NeedsMore()
    {
        var record = Record(Stdin, 1, Latin1("hello"));

        Assert.False(FastCgiRecordReader.TryRead(record.AsSpan(0, record.Length - 1), out _, out var consumed));

        Assert.Equal(0, consumed);
    }

    [Fact]
    public void TryReadHeader_WrongVersionFirstByteAlone_RejectedAtOnce()
    {
        var error = Assert.Throws<FastCgiProtocolException>(() => FastCgiRecordReader.TryReadHeader("G"u8, out _));

        Assert.Equal(FastCgiRejectionReason.BadVersion, error.Reason);
        Assert.Contains("HTTP client", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadHeader_NonZeroReservedByte_Ignored()
    {
        byte[] header = [1, Stdin, 0, 1, 0, 0, 0, 0x5a];

        Assert.True(FastCgiRecordReader.TryReadHeader(header, out var read));

        Assert.Equal(0, read.ContentLength);
        Assert.False(read.IsManagement);
    }

    [Fact]
    public void Read_BeginRequestBody_RoleAndKeepConnection()
    {
        var body = FastCgiBeginRequestBody.Read(Begin(1, role: 1, flags: 1).AsSpan(8, 8));

        Assert.Equal(FastCgiRole.Responder, body.Role);
        Assert.Equal(FastCgiBeginRequestFlags.KeepConnection, body.Flags);
    }

    [Fact]
    public void Read_EndRequestBody_AppStatusAndProtocolStatus()
    {
        var body = FastCgiEndRequestBody.Read([0x00, 0x00, 0x01, 0x02, 3, 0, 0, 0]);

        Assert.Equal(0x0102u, body.AppStatus);
        Assert.Equal(FastCgiProtocolStatus.UnknownRole, body.ProtocolStatus);
    }

    [Fact]
    public void Read_EndRequestBodyOfSevenBytes_Rejected()
    {
        var error = Assert.Throws<FastCgiProtocolException>(() => FastCgiEndRequestBody.Read(new byte[7]));

        Assert.Equal(FastCgiRejectionReason.BadEndRequestBody, error.Reason);
    }

    [Fact]
    public void Read_UnknownTypeBody_TypeByte()
    {
        Assert.Equal(12, FastCgiUnknownTypeBody.Read([12, 0, 0, 0, 0, 0, 0, 0]).Type);
    }
}
