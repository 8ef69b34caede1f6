using System.Text;
using Gantry.Cgi.Tests.Infrastructure;

namespace Gantry.Cgi.Tests.Text;

/// <summary>%XX to bytes (RFC 3986 §2.1); a '%' without two hex digits stays.</summary>
public sealed class PercentDecodingTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("plain/path", "plain/path")]
    [InlineData("%41%42", "AB")]
    [InlineData("%4a%4A", "JJ")]
    [InlineData("a%2fb%2Fc", "a/b/c")]
    [InlineData("%2e%2e%2f", "../")]
    [InlineData("%00", "\\x00")]
    [InlineData("%E9", "\\xe9")]
    [InlineData("%C3%A9", "é")]
    [InlineData("%", "%")]
    [InlineData("100%", "100%")]
    [InlineData("%4", "%4")]
    [InlineData("a%4", "a%4")]
    [InlineData("%zz", "%zz")]
    [InlineData("%g1", "%g1")]
    [InlineData("%%41", "%A")]
    [InlineData("%2", "%2")]
    [InlineData("+", "+")]
    public void Decode_Input_Bytes(string encoded, string decoded)
    {
        Assert.Equal(RequestPath.Bytes(decoded), PercentDecoding.Decode(Encoding.ASCII.GetBytes(encoded)));
    }
}
