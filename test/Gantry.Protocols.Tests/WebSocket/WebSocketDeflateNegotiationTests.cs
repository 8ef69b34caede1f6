using System.Text;
using Gantry.Protocols.WebSocket;

namespace Gantry.Protocols.Tests.WebSocket;

/// <summary>permessage-deflate's negotiation (RFC 7692 §5, §7.1) as browsers and python3-websockets offer it, and the offers a server must decline.</summary>
public sealed class WebSocketDeflateNegotiationTests
{
    [Theory]
    [InlineData("permessage-deflate; client_max_window_bits", false, false)]
    [InlineData("permessage-deflate", false, false)]
    [InlineData("PerMessage-Deflate ;client_max_window_bits=12", false, false)]
    [InlineData("permessage-deflate; server_no_context_takeover; client_no_context_takeover", true, true)]
    [InlineData("permessage-deflate; server_max_window_bits=15", false, false)]
    [InlineData("permessage-deflate; server_max_window_bits=\"15\"", false, false)]
    [InlineData("x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=10, permessage-deflate; server_no_context_takeover", true, false)]
    public void Offer_Acceptable_Parameters(string field, bool serverNoTakeover, bool clientNoTakeover)
    {
        Assert.True(WebSocketDeflateNegotiation.TryAcceptField(Encoding.ASCII.GetBytes(field), out var parameters));

        Assert.Equal(new WebSocketDeflateParameters(serverNoTakeover, clientNoTakeover), parameters);
    }

    [Theory]
    [InlineData("x-webkit-deflate-frame")]
    [InlineData("permessage-deflate; server_max_window_bits=10")]
    [InlineData("permessage-deflate; server_max_window_bits")]
    [InlineData("permessage-deflate; client_max_window_bits=7")]
    [InlineData("permessage-deflate; client_max_window_bits=015")]
    [InlineData("permessage-deflate; server_no_context_takeover; server_no_context_takeover")]
    [InlineData("permessage-deflate; server_no_context_takeover=1")]
    [InlineData("permessage-deflate; mystery")]
    [InlineData("")]
    public void Offer_Unacceptable_Declined(string field)
    {
        Assert.False(WebSocketDeflateNegotiation.TryAcceptField(Encoding.ASCII.GetBytes(field), out _));
    }

    [Fact]
    public void ResponseHeader_NoContextTakeover_Named()
    {
        var line = new byte[WebSocketDeflateNegotiation.MaxResponseHeaderLength];

        var plain = Encoding.ASCII.GetString(line, 0, WebSocketDeflateNegotiation.WriteResponseHeader(line, new(false, true)));
        var alone = Encoding.ASCII.GetString(line, 0, WebSocketDeflateNegotiation.WriteResponseHeader(line, new(true, false)));

        Assert.Equal("Sec-WebSocket-Extensions: permessage-deflate\r\n", plain);
        Assert.Equal("Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n", alone);
    }
}
