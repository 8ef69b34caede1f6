using System.Text;
using Gantry.Protocols.Cgi;

namespace Gantry.Protocols.Tests.Cgi;

public sealed class CgiStatusWriterTests
{
    [Theory]
    [InlineData("Status: 404 Gone Away\n\n", "404 Gone Away")]
    [InlineData("Status: 404\n\n", "404 Not Found")]
    [InlineData("Status: 299\n\n", "299 ")]
    [InlineData("Content-Type: text/plain\n\n", "200 OK")]
    [InlineData("Location: http://example.com/\n\n", "302 Found")]
    [InlineData("Location: /local\n\n", "302 Found")]
    [InlineData("Status: 451\n\n", "451 Unavailable For Legal Reasons")]
    public void Write_ParsedHead_WritesWhatTheSinkTakes(string output, string expected)
    {
        var (head, buffer) = Parse(output);
        var destination = new byte[64];

        int written = CgiStatusWriter.Write(head, buffer, destination);

        Assert.Equal(expected, Encoding.ASCII.GetString(destination, 0, written));
        Assert.Equal(written, CgiStatusWriter.GetLength(head, buffer));
    }

    [Fact]
    public void Write_DestinationShorterThanThePhrase_CutsThePhrase()
    {
        var (head, buffer) = Parse("Status: 503 Service Unavailable\n\n");
        var destination = new byte[9];

        int written = CgiStatusWriter.Write(head, buffer, destination);

        Assert.Equal("503 Servi", Encoding.ASCII.GetString(destination, 0, written));
    }

    [Fact]
    public void Write_DestinationBelowTheMinimum_Throws()
    {
        var (head, buffer) = Parse("Status: 404\n\n");

        Assert.Throws<ArgumentOutOfRangeException>(() => CgiStatusWriter.Write(head, buffer, new byte[3]));
    }

    [Fact]
    public void Write_HeadNeverParsed_Throws()
    {
        Assert.Throws<ArgumentException>(() => CgiStatusWriter.Write(new CgiResponseHead(), [], new byte[16]));
    }

    [Fact]
    public void ReasonPhrases_EveryFinalCode_HasAtMostOneStandardPhrase()
    {
        var phrases = Enumerable.Range(200, 400).Select(code => Encoding.ASCII.GetString(CgiReasonPhrases.Get(code))).Where(p => p.Length > 0).ToList();

        Assert.Equal(phrases.Count, phrases.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("Content Too Large", Encoding.ASCII.GetString(CgiReasonPhrases.Get(413)));
        Assert.True(CgiReasonPhrases.Get(306).IsEmpty);
    }

    private static (CgiResponseHead Head, byte[] Buffer) Parse(string output)
    {
        var head = new CgiResponseHead();
        byte[] buffer = Encoding.ASCII.GetBytes(output);
        Assert.True(CgiResponseHeadParser.TryParse(buffer, CgiResponseHeadParser.DefaultMaxHeadLength, endOfOutput: true, head, out _));
        return (head, buffer);
    }
}
