using System.Text;
using Gantry.Protocols.Http;

namespace Gantry.Protocols.Tests.Http;

public sealed class HttpChunkedDecoderTests
{
    [Fact]
    public void Decode_EmptySource_ConsumesNothing()
    {
        var decoder = default(HttpChunkedDecoder);

        Assert.False(decoder.Decode([], out int consumed, out _, out int dataLength));

        Assert.Equal(0, consumed);
        Assert.Equal(0, dataLength);
    }

    [Fact]
    public void Decode_TwoChunksInOneBuffer_ReturnsOneDataRunPerCall()
    {
        var decoder = default(HttpChunkedDecoder);
        byte[] source = Ascii("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");

        Assert.False(decoder.Decode(source, out int first, out int offset, out int length));
        Assert.Equal("abc", Text(source.AsSpan(offset, length)));
        Assert.Equal(6, first);

        Assert.False(decoder.Decode(source.AsSpan(first), out int second, out offset, out length));
        Assert.Equal("de", Text(source.AsSpan(first + offset, length)));

        Assert.True(decoder.Decode(source.AsSpan(first + second), out int last, out _, out length));
        Assert.Equal(0, length);
        Assert.Equal(source.Length, first + second + last);
        Assert.True(decoder.IsComplete);
    }

    [Fact]
    public void Decode_DataSplitAcrossCalls_ReturnsEachPieceAsItArrives()
    {
        var decoder = default(HttpChunkedDecoder);

        decoder.Decode(Ascii("a\r\n0123"), out int consumed, out int offset, out int length);
        Assert.Equal((7, 3, 4), (consumed, offset, length));

        decoder.Decode(Ascii("456789\r\n"), out consumed, out offset, out length);
        Assert.Equal((6, 0, 6), (consumed, offset, length));
    }

    [Fact]
    public void Decode_BytesAfterTheBody_AreLeftForTheNextRequest()
    {
        var decoder = default(HttpChunkedDecoder);
        byte[] source = Ascii("0\r\nX-T: 1\r\n\r\nGET / HTTP/1.1\r\n");

        Assert.True(decoder.Decode(source, out int consumed, out _, out _));
        Assert.Equal("GET", Text(source.AsSpan(consumed, 3)));

        Assert.True(decoder.Decode(source.AsSpan(consumed), out int again, out _, out _));
        Assert.Equal(0, again);
    }

    [Fact]
    public void Decode_LargestSignedSize_IsAcceptedAndAwaitsData()
    {
        var decoder = default(HttpChunkedDecoder);

        Assert.False(decoder.Decode(Ascii("7fffffffffffffff\r\nab"), out int consumed, out _, out int length));

        Assert.Equal(20, consumed);
        Assert.Equal(2, length);
    }

    [Fact]
    public void Decode_ExtensionAtLimit_IsAccepted()
    {
        var decoder = default(HttpChunkedDecoder);
        string extension = ";" + new string('e', HttpChunkedDecoder.MaxChunkExtensionLength - 1);

        decoder.Decode(Ascii($"1{extension}\r\nz"), out _, out _, out int length);

        Assert.Equal(1, length);
    }

    [Fact]
    public void Decode_ExtensionOverLimit_IsRejected()
    {
        var decoder = default(HttpChunkedDecoder);
        string extension = ";" + new string('e', HttpChunkedDecoder.MaxChunkExtensionLength);

        var rejection = Assert.Throws<HttpRequestRejectedException>(() => decoder.Decode(Ascii($"1{extension}"), out _, out _, out _));

        Assert.Equal(HttpRejectionReason.ChunkExtensionTooLong, rejection.Reason);
    }

    [Fact]
    public void Decode_TrailerSectionAtLimit_IsAccepted()
    {
        var decoder = default(HttpChunkedDecoder);
        int valueLength = HttpChunkedDecoder.MaxTrailerSectionLength - "X:\r\n\r\n".Length;

        Assert.True(decoder.Decode(Ascii($"0\r\nX:{new string('v', valueLength)}\r\n\r\n"), out _, out _, out _));
    }

    [Fact]
    public void Decode_TrailerSectionOverLimit_IsRejectedWith431()
    {
        var decoder = default(HttpChunkedDecoder);
        int valueLength = HttpChunkedDecoder.MaxTrailerSectionLength - "X:\r\n\r\n".Length + 1;

        var rejection = Assert.Throws<HttpRequestRejectedException>(
            () => decoder.Decode(Ascii($"0\r\nX:{new string('v', valueLength)}\r\n\r\n"), out _, out _, out _));

        Assert.Equal(431, rejection.StatusCode);
    }

    [Fact]
    public void Decode_SizeWithoutDigits_IsRejected()
    {
        var decoder = default(HttpChunkedDecoder);

        var rejection = Assert.Throws<HttpRequestRejectedException>(() => decoder.Decode(Ascii(";ext\r\n"), out _, out _, out _));

        Assert.Equal(HttpRejectionReason.InvalidChunkSize, rejection.Reason);
    }

    [Fact]
    public void Reset_AfterCompletion_DecodesANewBody()
    {
        var decoder = default(HttpChunkedDecoder);
        decoder.Decode(Ascii("0\r\n\r\n"), out _, out _, out _);

        decoder.Reset();

        Assert.False(decoder.IsComplete);
        Assert.False(decoder.Decode(Ascii("2\r\nok"), out _, out _, out int length));
        Assert.Equal(2, length);
    }

    [Fact]
    public void Decode_HappyPath_AllocatesNothing()
    {
        byte[] body = Ascii("5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n");
        var decoder = default(HttpChunkedDecoder);
        Drain(ref decoder, body);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            decoder.Reset();
            Drain(ref decoder, body);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(decoder.IsComplete);
    }

    private static void Drain(ref HttpChunkedDecoder decoder, ReadOnlySpan<byte> body)
    {
        while (!decoder.Decode(body, out int consumed, out _, out _) && consumed > 0)
        {
            body = body[consumed..];
        }
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
