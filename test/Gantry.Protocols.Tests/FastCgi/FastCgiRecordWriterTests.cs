using System.Buffers;
using Gantry.Protocols.FastCgi;
using static Gantry.Protocols.Tests.FastCgi.FastCgiBytes;

namespace Gantry.Protocols.Tests.FastCgi;

public class FastCgiRecordWriterTests
{
    [Fact]
    public void WriteUnreadableHeader_EightBytes_EveryReaderRejectsThem()
    {
        var output = new ArrayBufferWriter<byte>();

        FastCgiRecordWriter.WriteUnreadableHeader(output);

        Assert.Equal(new byte[8], output.WrittenSpan.ToArray());
        var error = Assert.Throws<FastCgiProtocolException>(() => FastCgiRecordReader.TryReadHeader(output.WrittenSpan, out _));
        Assert.Equal(FastCgiRejectionReason.BadVersion, error.Reason);
    }

    [Fact]
    public void WriteBeginRequest_KeepConnection_ExactBytes()
    {
        var buffer = new byte[16];

        var written = FastCgiRecordWriter.WriteBeginRequest(buffer, 1, FastCgiRole.Responder, FastCgiBeginRequestFlags.KeepConnection);

        Assert.Equal(16, written);
        Assert.Equal([1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0], buffer);
    }

    [Fact]
    public void WriteEndRequest_StatusAndProtocolStatus_ExactBytes()
    {
        var buffer = new byte[16];

        FastCgiRecordWriter.WriteEndRequest(buffer, 0x0203, 0x01020304, FastCgiProtocolStatus.Overloaded);

        Assert.Equal([1, 3, 2, 3, 0, 8, 0, 0, 1, 2, 3, 4, 2, 0, 0, 0], buffer);
    }

    [Fact]
    public void WriteUnknownType_TypeByte_ManagementRecord()
    {
        var buffer = new byte[16];

        FastCgiRecordWriter.WriteUnknownType(buffer, 42);

        Assert.Equal([1, 11, 0, 0, 0, 8, 0, 0, 42, 0, 0, 0, 0, 0, 0, 0], buffer);
    }

    [Fact]
    public void WriteAbortRequest_NoContent_EightBytes()
    {
        var buffer = new byte[8];

        Assert.Equal(8, FastCgiRecordWriter.WriteAbortRequest(buffer, 7));
        Assert.Equal([1, 2, 0, 7, 0, 0, 0, 0], buffer);
    }

    [Fact]
    public void WriteRecord_FiveBytes_PaddedToEightWithZeros()
    {
        var buffer = new byte[24];
        buffer.AsSpan().Fill(0xff);

        var written = FastCgiRecordWriter.WriteRecord(buffer, FastCgiRecordType.Stdout, 1, "hello"u8);

        Assert.Equal(16, written);
        Assert.Equal(Concat([1, 6, 0, 1, 0, 5, 3, 0], Latin1("hello"), [0, 0, 0]), buffer[..16]);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(65535, 1)]
    [InlineData(65536, 2)]
    [InlineData(200000, 4)]
    public void WriteStream_LargeOutput_SplitAt65535AndEveryRecordAligned(int length, int records)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var output = new ArrayBufferWriter<byte>();

        FastCgiRecordWriter.WriteStream(output, FastCgiRecordType.Stdout, 1, data);

        var written = output.WrittenSpan;
        Assert.Equal(FastCgiRecordWriter.GetStreamSize(length), written.Length);
        var read = new byte[length];
        var readLength = 0;
        var count = 0;
        while (FastCgiRecordReader.TryRead(written, out var header, out var content, out var consumed))
        {
            Assert.Equal(0, consumed % 8);
            Assert.True(header.ContentLength > 0);
            content.CopyTo(read.AsSpan(readLength));
            readLength += content.Length;
            written = written[consumed..];
            count++;
        }
        Assert.Equal(records, count);
        Assert.True(written.IsEmpty);
        Assert.Equal(length, readLength);
        Assert.True(data.AsSpan().SequenceEqual(read));
    }

    [Fact]
    public void WriteStream_SpanAndBufferWriter_SameBytes()
    {
        var data = new byte[70000];
        var span = new byte[FastCgiRecordWriter.GetStreamSize(data.Length)];
        var output = new ArrayBufferWriter<byte>();

        var written = FastCgiRecordWriter.WriteStream(span, FastCgiRecordType.Stdin, 3, data);
        FastCgiRecordWriter.WriteStream(output, FastCgiRecordType.Stdin, 3, data);

        Assert.Equal(span.Length, written);
        Assert.Equal(span, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteStream_DestinationTooSmall_Throws()
    {
        var buffer = new byte[15];

        Assert.Throws<ArgumentException>(() => FastCgiRecordWriter.WriteStream(buffer, FastCgiRecordType.Stdout, 1, "hello"u8));
    }

    [Fact]
    public void WriteGetValuesResult_QueryWithUnknownName_AnswersKnownNamesOnly()
    {
        var query = Pairs([("FCGI_MPXS_CONNS", ""), ("FCGI_MAX_CONNS", ""), ("X_UNKNOWN", ""), ("FCGI_MAX_CONNS", "")]);
        var buffer = new byte[FastCgiRecordWriter.MaxGetValuesResultSize];

        var written = FastCgiRecordWriter.WriteGetValuesResult(buffer, query, new FastCgiManagementValues(1000, 4, false));

        Assert.True(FastCgiRecordReader.TryRead(buffer.AsSpan(0, written), out var header, out var content, out _));
        Assert.Equal(FastCgiRecordType.GetValuesResult, header.Type);
        Assert.True(header.IsManagement);
        Assert.Equal(Pairs([("FCGI_MAX_CONNS", "1000"), ("FCGI_MPXS_CONNS", "0")]), content.ToArray());
    }

    [Fact]
    public void WriteGetValuesResult_AllNamesLargestValues_FitsMaxSize()
    {
        var query = Pairs([("FCGI_MAX_CONNS", ""), ("FCGI_MAX_REQS", ""), ("FCGI_MPXS_CONNS", "")]);
        var output = new ArrayBufferWriter<byte>();

        FastCgiRecordWriter.WriteGetValuesResult(output, query, new FastCgiManagementValues(int.MaxValue, int.MinValue, true));

        Assert.True(output.WrittenCount <= FastCgiRecordWriter.MaxGetValuesResultSize);
        Assert.True(FastCgiRecordReader.TryRead(output.WrittenSpan, out _, out var content, out _));
        Assert.Equal(Pairs([("FCGI_MAX_CONNS", "2147483647"), ("FCGI_MAX_REQS", "-2147483648"), ("FCGI_MPXS_CONNS", "1")]), content.ToArray());
    }

    [Fact]
    public void WriteClientRequest_ReadByRequestReader_SameParamsAndBody()
    {
        var pairs = NginxFastCgiParams.ForPhpGet(debian: true, fastcgiConf: true, "5", "POST");
        var output = new ArrayBufferWriter<byte>();
        FastCgiRecordWriter.WriteBeginRequest(output, 1, FastCgiRole.Responder, FastCgiBeginRequestFlags.None);
        FastCgiRecordWriter.WriteStream(output, FastCgiRecordType.Params, 1, FastCgiNameValueTests.WritePairs(pairs));
        FastCgiRecordWriter.WriteStreamEnd(output, FastCgiRecordType.Params, 1);
        FastCgiRecordWriter.WriteStream(output, FastCgiRecordType.Stdin, 1, "a=1&b"u8);
        FastCgiRecordWriter.WriteStreamEnd(output, FastCgiRecordType.Stdin, 1);
        var reader = new FastCgiRequestReader(4096, 128);
        var handler = new RecordingRequestHandler(reader, RecordingRequestHandler.AtStdinEnd);

        var consumed = reader.Read(output.WrittenSpan, ref handler);

        Assert.Equal(output.WrittenCount, consumed);
        Assert.Equal(
            ["begin 1 Responder None", .. pairs.Select(p => $"param {p.Name}={p.Value}"), "params-end", "stdin a=1&b", "stdin-end 5", "end"],
            handler.Events);
    }
}
