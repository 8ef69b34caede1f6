using System.Text;
using Gantry.Server.Static;

namespace Gantry.Server.Tests.Static;

/// <summary>Single byte ranges (RFC 9110 §14.1.2) against a 100-byte file.</summary>
public sealed class ByteRangeParserTests
{
    [Theory]
    [InlineData("bytes=0-9", 0, 9)]
    [InlineData("bytes=90-", 90, 99)]
    [InlineData("bytes=95-500", 95, 99)]
    [InlineData("bytes=-10", 90, 99)]
    [InlineData("bytes=-500", 0, 99)]
    [InlineData(" bytes=5-5 ", 5, 5)]
    public void Parse_OneRange_Satisfiable(string header, long first, long last)
    {
        Assert.Equal(ByteRangeResult.Satisfiable, ByteRangeParser.Parse(Encoding.ASCII.GetBytes(header), 100, out var from, out var to));
        Assert.Equal((first, last), (from, to));
    }

    [Theory]
    [InlineData("bytes=100-")]
    [InlineData("bytes=200-300")]
    [InlineData("bytes=-0")]
    public void Parse_PastTheEnd_Unsatisfiable(string header) =>
        Assert.Equal(ByteRangeResult.Unsatisfiable, ByteRangeParser.Parse(Encoding.ASCII.GetBytes(header), 100, out _, out _));

    [Theory]
    [InlineData("")]
    [InlineData("items=0-9")]
    [InlineData("bytes=0-9,20-29")]
    [InlineData("bytes=9-0")]
    [InlineData("bytes=a-b")]
    [InlineData("bytes=+1-2")]
    [InlineData("bytes=5")]
    public void Parse_NotOneByteRange_Ignored(string header) =>
        Assert.Equal(ByteRangeResult.Ignored, ByteRangeParser.Parse(Encoding.ASCII.GetBytes(header), 100, out _, out _));
}
