using System.Text;
using Gantry.Python.Wsgi;

namespace Gantry.Python.Tests.Wsgi;

/// <summary>The status and header checks, on bytes, without Python.</summary>
public sealed class WsgiHeaderRulesTests
{
    [Theory]
    [InlineData("200 OK", true)]
    [InlineData("404 Not Found", true)]
    [InlineData("599 Custom\tReason", true)]
    [InlineData("200", true)]
    [InlineData("200 ", true)]
    [InlineData("200OK", false)]
    [InlineData("20 OK", false)]
    [InlineData("099 Low", false)]
    [InlineData("abc", false)]
    [InlineData("200 OK\r\n", false)]
    [InlineData("200 O\u007fK", false)]
    [InlineData("", false)]
    public void IsValidStatus_Examples(string status, bool valid) =>
        Assert.Equal(valid, WsgiHeaderRules.IsValidStatus(Encoding.Latin1.GetBytes(status)));

    [Theory]
    [InlineData("Content-Type", true)]
    [InlineData("X-Custom_Header.1!#$%&'*+^`|~", true)]
    [InlineData("Bad Name", false)]
    [InlineData("Bad:Name", false)]
    [InlineData("", false)]
    [InlineData("Caf\u00e9", false)]
    public void IsValidName_Examples(string name, bool valid) =>
        Assert.Equal(valid, WsgiHeaderRules.IsValidName(Encoding.Latin1.GetBytes(name)));

    [Theory]
    [InlineData("text/html; charset=utf-8", true)]
    [InlineData("a\tb", true)]
    [InlineData("caf\u00e9", true)]
    [InlineData("", true)]
    [InlineData("a\r\nInjected: 1", false)]
    [InlineData("a\nb", false)]
    [InlineData("a\0b", false)]
    public void IsValidValue_Examples(string value, bool valid) =>
        Assert.Equal(valid, WsgiHeaderRules.IsValidValue(Encoding.Latin1.GetBytes(value)));

    [Theory]
    [InlineData("Connection", true)]
    [InlineData("TRANSFER-ENCODING", true)]
    [InlineData("keep-alive", true)]
    [InlineData("Upgrade", true)]
    [InlineData("Content-Length", false)]
    [InlineData("Connections", false)]
    public void HopByHopIndex_KnowsTheRfc2616List(string name, bool hopByHop) =>
        Assert.Equal(hopByHop, WsgiHeaderRules.HopByHopIndex(Encoding.Latin1.GetBytes(name)) >= 0);

    [Theory]
    [InlineData("0", 0L)]
    [InlineData(" 1234 ", 1234L)]
    [InlineData("-1", -1L)]
    [InlineData("12a", -1L)]
    [InlineData("", -1L)]
    public void TryParseContentLength_Examples(string value, long expected)
    {
        var parsed = WsgiHeaderRules.TryParseContentLength(Encoding.Latin1.GetBytes(value), out var length);

        Assert.Equal(expected, parsed ? length : -1L);
    }
}
