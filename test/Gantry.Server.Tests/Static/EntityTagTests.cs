using System.Text;
using Gantry.Server.Static;

namespace Gantry.Server.Tests.Static;

public sealed class EntityTagTests
{
    private static string Tag(long length, long modified)
    {
        Span<byte> buffer = stackalloc byte[EntityTag.MaxLength];
        return Encoding.ASCII.GetString(buffer[..EntityTag.Write(new StaticFile("/f", length, modified, "/"), buffer)]);
    }

    [Fact]
    public void Write_NginxForm_MtimeAndSizeInLowerHex()
    {
        Assert.Equal("\"5f1c2b3a-1a4\"", Tag(0x1a4, 0x5f1c2b3a));
        Assert.Equal("\"0-0\"", Tag(0, 0));
        Assert.Equal("\"7fffffffffffffff-7fffffffffffffff\"", Tag(long.MaxValue, long.MaxValue));
    }

    [Theory]
    [InlineData("\"5f-1a4\"", true)]
    [InlineData("*", true)]
    [InlineData(" * ", true)]
    [InlineData("W/\"5f-1a4\"", true)]
    [InlineData("\"a-1\", \"5f-1a4\"", true)]
    [InlineData("\"a-1\",W/\"5f-1a4\" ,\"b-2\"", true)]
    [InlineData("\"5f-1a5\"", false)]
    [InlineData("\"a-1\", \"b-2\"", false)]
    [InlineData("5f-1a4", false)]
    [InlineData("", false)]
    public void NoneMatchHits_WeakComparison(string header, bool expected) =>
        Assert.Equal(expected, EntityTag.NoneMatchHits(Encoding.ASCII.GetBytes(header), "\"5f-1a4\""u8));

    [Theory]
    [InlineData("\"5f-1a4\"", true, true)]
    [InlineData(" \"5f-1a4\" ", true, true)]
    [InlineData("W/\"5f-1a4\"", true, false)]
    [InlineData("\"5f-1a5\"", true, false)]
    [InlineData("Mon, 01 Jan 2001 00:00:00 GMT", false, false)]
    public void IfRange_TagsComparedStrongly(string value, bool isTag, bool matches)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        Assert.Equal(isTag, EntityTag.IsTag(bytes));
        Assert.Equal(matches, EntityTag.StrongMatch(bytes, "\"5f-1a4\""u8));
    }
}
