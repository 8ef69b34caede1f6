using System.Text;
using Gantry.Protocols.Http;

namespace Gantry.Protocols.Tests.Http;

public sealed class HttpRequestHeadParserTests
{
    private const int Limit = 8192;

    private static readonly byte[] s_post = Encoding.ASCII.GetBytes(
        "POST /items?id=7 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhelloGET");

    [Fact]
    public void TryParse_CompleteHead_RangesPointIntoTheBuffer()
    {
        var head = new HttpRequestHead();

        Assert.True(HttpRequestHeadParser.TryParse(s_post, Limit, head, out int consumed));

        Assert.Equal("POST", Text(s_post[head.Method]));
        Assert.Equal("/items?id=7", Text(s_post[head.Target]));
        Assert.Equal("/items", Text(s_post[head.Path]));
        Assert.Equal("id=7", Text(s_post[head.Query]));
        Assert.Equal(3, head.HeaderCount);
        Assert.Equal("Content-Length", Text(s_post[head.HeaderName(1)]));
        Assert.Equal("5", Text(s_post[head.HeaderValue(1)]));
        Assert.Equal("hello", Text(s_post.AsSpan(consumed, 5)));
    }

    [Fact]
    public void TryParse_HeadOnlyPartlyReceived_ReturnsFalseAndConsumesNothing()
    {
        var head = new HttpRequestHead();

        Assert.False(HttpRequestHeadParser.TryParse(s_post.AsSpan(0, 40), Limit, head, out int consumed));

        Assert.Equal(0, consumed);
    }

    [Fact]
    public void TryParse_HeadArrivingInPieces_ResumesAtTheFirstIncompleteLine()
    {
        var head = new HttpRequestHead();
        int requestLineLength = "POST /items?id=7 HTTP/1.1\r\n".Length;

        Assert.False(HttpRequestHeadParser.TryParse(s_post.AsSpan(0, requestLineLength + 4), Limit, head, out _));
        Assert.Equal(requestLineLength, head.ScannedLength);
        Assert.True(HttpRequestHeadParser.TryParse(s_post, Limit, head, out _));

        Assert.Equal(3, head.HeaderCount);
        Assert.Equal(5, head.ContentLength);
    }

    [Fact]
    public void TryParse_AfterACompleteHead_StartsANewHead()
    {
        var head = new HttpRequestHead();
        byte[] second = Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n");
        HttpRequestHeadParser.TryParse(s_post, Limit, head, out _);

        Assert.True(HttpRequestHeadParser.TryParse(second, Limit, head, out int consumed));

        Assert.Equal(second.Length, consumed);
        Assert.Equal(0, head.HeaderCount);
        Assert.Equal(-1, head.ContentLength);
        Assert.Equal(HttpVersion.Http10, head.Version);
        Assert.False(head.KeepAlive);
    }

    [Fact]
    public void TryParse_BufferShorterThanScannedPart_StartsOver()
    {
        var head = new HttpRequestHead();
        HttpRequestHeadParser.TryParse(s_post.AsSpan(0, 60), Limit, head, out _);
        byte[] other = Encoding.ASCII.GetBytes("GET /x HTTP/1.1\r\nHost: b\r\n\r\n");

        Assert.True(HttpRequestHeadParser.TryParse(other, Limit, head, out _));

        Assert.Equal("/x", Text(other[head.Path]));
        Assert.Equal(1, head.HeaderCount);
    }

    [Fact]
    public void TryParse_MoreFieldsThanInitialCapacity_KeepsAllInOrder()
    {
        var request = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 40; i++)
        {
            request.Append("X-").Append(i).Append(": ").Append(i * 3).Append("\r\n");
        }

        byte[] bytes = Encoding.ASCII.GetBytes(request.Append("\r\n").ToString());
        var head = new HttpRequestHead();

        Assert.True(HttpRequestHeadParser.TryParse(bytes, Limit, head, out _));

        Assert.Equal(41, head.HeaderCount);
        Assert.Equal("X-39", Text(bytes[head.HeaderName(40)]));
        Assert.Equal("117", Text(bytes[head.HeaderValue(40)]));
    }

    [Fact]
    public void TryParse_AfterARejection_StartsOverInsteadOfResuming()
    {
        var head = new HttpRequestHead();
        byte[] duplicate = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        Assert.Throws<HttpRequestRejectedException>(() => HttpRequestHeadParser.TryParse(duplicate, Limit, head, out _));

        Assert.True(HttpRequestHeadParser.TryParse(s_post, Limit, head, out _));

        Assert.Equal(3, head.HeaderCount);
    }

    [Fact]
    public void HeaderName_IndexPastCount_Throws()
    {
        var head = new HttpRequestHead();
        HttpRequestHeadParser.TryParse(s_post, Limit, head, out _);

        Assert.Throws<ArgumentOutOfRangeException>(() => head.HeaderName(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => head.HeaderValue(-1));
    }

    [Fact]
    public void TryParse_NonPositiveLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HttpRequestHeadParser.TryParse(s_post, 0, new HttpRequestHead(), out _));
    }

    [Fact]
    public void Reset_AfterAParse_ClearsEveryResult()
    {
        var head = new HttpRequestHead();
        HttpRequestHeadParser.TryParse(s_post, Limit, head, out _);

        head.Reset();

        Assert.Equal(0, head.HeaderCount);
        Assert.Equal(-1, head.ContentLength);
        Assert.Equal(default, head.Method);
        Assert.False(head.KeepAlive);
        Assert.Equal(0, head.ScannedLength);
    }

    [Fact]
    public void TryParse_HappyPath_AllocatesNothing()
    {
        var head = new HttpRequestHead();
        byte[] chunked = Encoding.ASCII.GetBytes(
            "PUT /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
        HttpRequestHeadParser.TryParse(s_post, Limit, head, out _);
        HttpRequestHeadParser.TryParse(chunked, Limit, head, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            HttpRequestHeadParser.TryParse(s_post.AsSpan(0, 50), Limit, head, out _);
            HttpRequestHeadParser.TryParse(s_post, Limit, head, out _);
            HttpRequestHeadParser.TryParse(chunked, Limit, head, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(head.IsChunked && head.ExpectContinue && !head.KeepAlive);
    }

    [Theory]
    [InlineData(HttpRejectionReason.InvalidMethod, 400)]
    [InlineData(HttpRejectionReason.ConnectMethodNotAllowed, 405)]
    [InlineData(HttpRejectionReason.RequestBodyTooLarge, 413)]
    [InlineData(HttpRejectionReason.HeadTooLarge, 431)]
    [InlineData(HttpRejectionReason.TooManyHeaderFields, 431)]
    [InlineData(HttpRejectionReason.TrailerSectionTooLarge, 431)]
    [InlineData(HttpRejectionReason.UnsupportedTransferCoding, 501)]
    [InlineData(HttpRejectionReason.HttpVersionNotSupported, 505)]
    public void RejectedException_Reason_CarriesItsStatusCode(HttpRejectionReason reason, int status)
    {
        var exception = new HttpRequestRejectedException(reason);

        Assert.Equal(reason, exception.Reason);
        Assert.Equal(status, exception.StatusCode);
        Assert.Contains(reason.ToString(), exception.Message, StringComparison.Ordinal);
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
