using Gantry.Protocols.Uwsgi;

namespace Gantry.Protocols.Tests.Uwsgi;

public class UwsgiNginxParamsTests
{
    [Fact]
    public void TryReadPacket_StockUwsgiParams_HostKeepsPortAndContentLengthIsEmpty()
    {
        var handler = Read(NginxUwsgiParams.ForGet(debian: false));

        Assert.Equal("example.com:8080", handler.Value("HTTP_HOST"));
        Assert.Equal("", handler.Value("CONTENT_LENGTH"));
        Assert.DoesNotContain(handler.Variables, v => v.Key is "SCRIPT_NAME" or "GATEWAY_INTERFACE" or "SERVER_ADDR" or "HTTPS");
    }

    [Fact]
    public void TryReadPacket_DebianUwsgiParams_HostWithoutPortAndOnlyOnce()
    {
        var handler = Read(NginxUwsgiParams.ForGet(debian: true));

        Assert.Equal("example.com", handler.Value("HTTP_HOST"));
        Assert.Single(handler.Variables, v => v.Key == "HTTP_HOST");
    }

    [Fact]
    public void TryReadPacket_DecodedPathInfo_KeepsRawBytes()
    {
        var handler = Read(NginxUwsgiParams.ForGet(debian: false));

        // nginx sends $document_uri percent-decoded: the UTF-8 bytes of "ö" arrive as two latin-1 characters.
        Assert.Equal("/hello/w\u00c3\u00b6rld", handler.Value("PATH_INFO"));
        Assert.Equal("/hello/w%C3%B6rld?x=1&y=%C3%A9", handler.Value("REQUEST_URI"));
    }

    [Fact]
    public void TryReadPacket_LargeCookieOverDefaultBufferSize_RejectedUntilBufferSizeRaised()
    {
        var variables = NginxUwsgiParams.ForGet(debian: true);
        variables.Add(("HTTP_X_LARGE", new string('c', 5000)));
        var input = UwsgiBytes.Packet(0, 0, variables);
        var handler = new RecordingVariableHandler();

        var error = Assert.Throws<UwsgiProtocolException>(() =>
            UwsgiPacketReader.TryReadPacket(input, UwsgiPacketLimits.Default, ref handler, out _, out _));
        var raised = UwsgiPacketReader.TryReadPacket(input, UwsgiPacketLimits.FromUwsgiOptions(32768, 64), ref handler, out _, out _);

        Assert.Equal(UwsgiRejectionReason.BlockLargerThanBufferSize, error.Reason);
        Assert.True(raised);
    }

    private static RecordingVariableHandler Read(List<(string Key, string Value)> variables)
    {
        var handler = new RecordingVariableHandler();
        Assert.True(UwsgiPacketReader.TryReadPacket(UwsgiBytes.Packet(0, 0, variables), UwsgiPacketLimits.Default, ref handler, out _, out _));
        Assert.Equal(variables, handler.Variables);
        return handler;
    }
}
