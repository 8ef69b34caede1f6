using Gantry.Server.Listeners;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Uwsgi;

/// <summary>
/// Request bodies streamed to a host that asks for them behind <c>uwsgi_pass</c> (nginx with uwsgi_request_buffering
/// off): the host runs right after the packet and echoes each piece of CONTENT_LENGTH bytes as it arrives; a gateway
/// that leaves mid-body gets the host aborted; a host that answers before the body ends is still read whole.
/// </summary>
public sealed class UwsgiStreamedBodyTests
{
    private readonly StreamingEchoApplication _application = new();

    [Fact]
    public void Body_EachPieceEchoedBeforeTheNextIsSent()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, _application);
        using var client = new UwsgiClient(host.Endpoint);
        var receiver = new SocketReceiver(client.Socket);
        string[] pieces = ["abcd", "efgh", "ijkl"];

        client.Send(UwsgiClient.Packet(UwsgiClient.NginxGet("/echo", "", "POST", "12")));
        _application.WaitForPendingSteps(1);
        foreach (var piece in pieces)
        {
            client.Send(System.Text.Encoding.ASCII.GetBytes(piece));
            receiver.WaitFor(piece);
        }
        var response = RawGatewayResponse.Parse(System.Text.Encoding.Latin1.GetBytes(receiver.ReadToEnd()));

        Assert.Equal(200, response.Status);
        Assert.Equal("abcdefghijkl", response.Text);
        Assert.Equal(["invoke /echo complete=False", "done /echo waits=3 length=12"], _application.Events);
    }

    [Fact]
    public void GatewayLeavesMidBody_HostAborted()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, _application);
        using (var client = new UwsgiClient(host.Endpoint))
        {
            var receiver = new SocketReceiver(client.Socket);
            client.Send([.. UwsgiClient.Packet(UwsgiClient.NginxGet("/echo", "", "POST", "100")), .. "half"u8.ToArray()]);
            receiver.WaitFor("half");
        }

        Assert.Equal("/echo", _application.WaitForAbort());
    }

    [Fact]
    public void HostAnswersBeforeTheBody_ResponseReadWholeAndTheConnectionEnds()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, _application);
        using var client = new UwsgiClient(host.Endpoint);

        client.Send([.. UwsgiClient.Packet(UwsgiClient.NginxGet("/early", "", "POST", "10")), .. "01234"u8.ToArray()]);
        var response = RawGatewayResponse.Parse(client.ReadToEnd());

        Assert.Equal(200, response.Status);
        Assert.Equal("answered before the body", response.Text);
    }

    [Fact]
    public void HostThatDoesNotStream_BodyReceivedWhole()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, _application);
        using var client = new UwsgiClient(host.Endpoint);

        client.Send(UwsgiClient.Packet(UwsgiClient.NginxGet("/whole", "", "POST", "8")));
        Thread.Sleep(20);
        client.Send("12345678"u8.ToArray());
        var response = RawGatewayResponse.Parse(client.ReadToEnd());

        Assert.Equal("12345678", response.Text);
        Assert.Equal(["invoke /whole complete=True", "done /whole waits=0 length=8"], _application.Events);
    }
}
