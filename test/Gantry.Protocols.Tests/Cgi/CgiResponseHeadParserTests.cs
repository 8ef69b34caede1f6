using System.Text;
using Gantry.Protocols.Cgi;

namespace Gantry.Protocols.Tests.Cgi;

public sealed class CgiResponseHeadParserTests
{
    private const int Limit = CgiResponseHeadParser.DefaultMaxHeadLength;

    private static readonly byte[] s_document = Encoding.ASCII.GetBytes(
        "Status: 404 Not Found\nContent-Type: text/html\r\nX-A: 1\n\n<h1>gone</h1>");

    [Fact]
    public void TryParse_CompleteHead_RangesPointIntoTheBuffer()
    {
        var head = new CgiResponseHead();

        Assert.True(CgiResponseHeadParser.TryParse(s_document, Limit, endOfOutput: false, head, out int consumed));

        Assert.Equal(CgiResponseKind.Document, head.Kind);
        Assert.Equal(404, head.StatusCode);
        Assert.Equal("Not Found", Text(s_document[head.ReasonPhrase]));
        Assert.True(head.HasContentType);
        Assert.Equal("text/html", Text(s_document[head.ContentType]));
        Assert.Equal(2, head.HeaderCount);
        Assert.Equal("X-A", Text(s_document[head.HeaderName(1)]));
        Assert.Equal("1", Text(s_document[head.HeaderValue(1)]));
        Assert.Equal("<h1>gone</h1>", Text(s_document[consumed..]));
    }

    [Fact]
    public void TryParse_HeadOnlyPartlyReceived_ReturnsFalseAndConsumesNothing()
    {
        var head = new CgiResponseHead();

        Assert.False(CgiResponseHeadParser.TryParse(s_document.AsSpan(0, 30), Limit, endOfOutput: false, head, out int consumed));

        Assert.Equal(0, consumed);
    }

    [Fact]
    public void TryParse_HeadArrivingInPieces_ResumesAtTheFirstIncompleteLine()
    {
        var head = new CgiResponseHead();
        int statusLineLength = "Status: 404 Not Found\n".Length;

        Assert.False(CgiResponseHeadParser.TryParse(s_document.AsSpan(0, statusLineLength + 4), Limit, endOfOutput: false, head, out _));
        Assert.Equal(statusLineLength, head.ScannedLength);
        Assert.True(CgiResponseHeadParser.TryParse(s_document, Limit, endOfOutput: false, head, out _));

        Assert.Equal(404, head.StatusCode);
        Assert.Equal(2, head.HeaderCount);
    }

    [Fact]
    public void TryParse_AfterACompleteHead_StartsANewHead()
    {
        var head = new CgiResponseHead();
        byte[] second = Encoding.ASCII.GetBytes("Location: /next\n\n");
        CgiResponseHeadParser.TryParse(s_document, Limit, endOfOutput: false, head, out _);

        Assert.True(CgiResponseHeadParser.TryParse(second, Limit, endOfOutput: false, head, out int consumed));

        Assert.Equal(second.Length, consumed);
        Assert.Equal(CgiResponseKind.LocalRedirect, head.Kind);
        Assert.Equal(302, head.StatusCode);
        Assert.True(second[head.ReasonPhrase].Length == 0);
        Assert.False(head.HasContentType);
        Assert.Equal(1, head.HeaderCount);
    }

    [Fact]
    public void TryParse_AfterARejection_StartsOver()
    {
        var head = new CgiResponseHead();
        byte[] bad = Encoding.ASCII.GetBytes("Content-Type: text/plain\nStatus: OK\n\n");
        Assert.Throws<CgiResponseRejectedException>(() => CgiResponseHeadParser.TryParse(bad, Limit, endOfOutput: false, head, out _));

        Assert.True(CgiResponseHeadParser.TryParse(s_document, Limit, endOfOutput: false, head, out _));

        Assert.Equal(404, head.StatusCode);
        Assert.Equal(2, head.HeaderCount);
    }

    [Fact]
    public void TryParse_BufferShorterThanScannedPart_StartsOver()
    {
        var head = new CgiResponseHead();
        CgiResponseHeadParser.TryParse(s_document.AsSpan(0, 50), Limit, endOfOutput: false, head, out _);
        byte[] other = Encoding.ASCII.GetBytes("X: 1\n\n");

        Assert.True(CgiResponseHeadParser.TryParse(other, Limit, endOfOutput: false, head, out _));

        Assert.Equal(200, head.StatusCode);
        Assert.Equal(1, head.HeaderCount);
    }

    [Fact]
    public void TryParse_EndOfOutputWithCompleteHead_ReturnsTheHead()
    {
        var head = new CgiResponseHead();

        Assert.True(CgiResponseHeadParser.TryParse(s_document, Limit, endOfOutput: true, head, out int consumed));

        Assert.Equal(s_document.Length - "<h1>gone</h1>".Length, consumed);
    }

    [Fact]
    public void TryParse_LimitReachedWithoutBlankLine_RejectedWhileTheScriptStillRuns()
    {
        var head = new CgiResponseHead();
        byte[] output = Encoding.ASCII.GetBytes("X-Long: " + new string('a', 100));

        Assert.False(CgiResponseHeadParser.TryParse(output.AsSpan(0, 63), 64, endOfOutput: false, head, out _));
        var rejection = Assert.Throws<CgiResponseRejectedException>(
            () => CgiResponseHeadParser.TryParse(output.AsSpan(0, 64), 64, endOfOutput: false, head, out _));

        Assert.Equal(CgiResponseRejectionReason.HeadTooLarge, rejection.Reason);
    }

    [Fact]
    public void Rejection_Always_Answers502AndNamesTheReason()
    {
        var head = new CgiResponseHead();

        var rejection = Assert.Throws<CgiResponseRejectedException>(
            () => CgiResponseHeadParser.TryParse("Hello\n"u8, Limit, endOfOutput: false, head, out _));

        Assert.Equal(502, rejection.StatusCode);
        Assert.Contains("MissingFieldColon", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("colon", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejection_EveryReason_HasItsOwnWording()
    {
        var messages = Enum.GetValues<CgiResponseRejectionReason>()
            .Select(reason => new CgiResponseRejectedException(reason).Message.Split("): ")[1])
            .ToList();

        Assert.Equal(messages.Count, messages.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void TryParse_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => CgiResponseHeadParser.TryParse(s_document, Limit, false, null!, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => CgiResponseHeadParser.TryParse(s_document, 0, false, new CgiResponseHead(), out _));
    }

    [Fact]
    public void HeaderName_IndexBeyondCount_Throws()
    {
        var head = new CgiResponseHead();
        CgiResponseHeadParser.TryParse(s_document, Limit, endOfOutput: false, head, out _);

        Assert.Throws<ArgumentOutOfRangeException>(() => head.HeaderName(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => head.HeaderValue(-1));
    }

    [Fact]
    public void TryParse_ReusedHead_AllocatesNothing()
    {
        var head = new CgiResponseHead();
        byte[] many = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(i => $"X-{i}: {i}\n")) + "\n");
        CgiResponseHeadParser.TryParse(many, Limit, endOfOutput: false, head, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            CgiResponseHeadParser.TryParse(many.AsSpan(0, 100), Limit, endOfOutput: false, head, out _);
            CgiResponseHeadParser.TryParse(many, Limit, endOfOutput: false, head, out _);
            CgiResponseHeadParser.TryParse(s_document, Limit, endOfOutput: true, head, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
