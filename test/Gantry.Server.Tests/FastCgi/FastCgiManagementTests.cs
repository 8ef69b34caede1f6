using System.Text;
using Gantry.Protocols.FastCgi;
using Gantry.Server.Listeners;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.FastCgi;

/// <summary>The parts of FastCGI nginx never uses: management records, roles, multiplexing, ABORT_REQUEST.</summary>
public sealed class FastCgiManagementTests
{
    [Fact]
    public void GetValues_ThreeNames_AnsweredWithoutMultiplexing()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Hello());
        using var client = new FastCgiClient(host.Endpoint);
        var query = new byte[64];
        var length = FastCgiNameValueWriter.WritePair(query, "FCGI_MAX_CONNS"u8, []);
        length += FastCgiNameValueWriter.WritePair(query.AsSpan(length), "FCGI_MAX_REQS"u8, []);
        length += FastCgiNameValueWriter.WritePair(query.AsSpan(length), "FCGI_MPXS_CONNS"u8, []);
        client.Send(FastCgiClient.Record(FastCgiRecordType.GetValues, 0, query[..length]));
        var answer = client.ReadRecord()!;
        Assert.Equal(FastCgiRecordType.GetValuesResult, answer.Type);
        var text = Encoding.ASCII.GetString(answer.Content);
        Assert.Contains("FCGI_MPXS_CONNS0", text, StringComparison.Ordinal);
        Assert.Contains("FCGI_MAX_CONNS", text, StringComparison.Ordinal);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams()));
        Assert.Equal("Hello World", client.ReadUntilEndRequest(1).Response().Text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void UndefinedRecordType_AnsweredUnknownType_ConnectionContinues(ushort requestId)
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Hello());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Record((FastCgiRecordType)42, requestId, [1, 2, 3]));
        var answer = client.ReadRecord()!;
        Assert.Equal(FastCgiRecordType.UnknownType, answer.Type);
        Assert.Equal(42, answer.Content[0]);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams()));
        Assert.Equal("Hello World", client.ReadUntilEndRequest(1).Response().Text);
    }

    [Fact]
    public void ManagementRecordOfRequestType_AnsweredUnknownType()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Hello());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Record(FastCgiRecordType.Stdin, 0, [1]));
        var answer = client.ReadRecord()!;
        Assert.Equal(FastCgiRecordType.UnknownType, answer.Type);
        Assert.Equal((byte)FastCgiRecordType.Stdin, answer.Content[0]);
    }

    [Fact]
    public void AuthorizerRole_AnsweredUnknownRole_LoggedOnce()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Hello());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send([.. FastCgiClient.Begin(1, keepConnection: true, role: FastCgiRole.Authorizer), .. FastCgiClient.Params(1, FastCgiClient.NginxParams())]);
        Assert.Equal(FastCgiProtocolStatus.UnknownRole, client.ReadUntilEndRequest(1).EndRequest()!.ProtocolStatus);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams()));
        Assert.Equal("Hello World", client.ReadUntilEndRequest(1).Response().Text);
        Assert.Single(host.WaitForLog(1008));
    }

    [Fact]
    public void SecondBeginWhileBusy_AnsweredCantMultiplex_FirstRequestServed()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Hello());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send([.. FastCgiClient.Begin(1), .. FastCgiClient.Params(1, FastCgiClient.NginxParams()), .. FastCgiClient.Begin(2), .. FastCgiClient.Params(2, FastCgiClient.NginxParams())]);
        var refused = client.ReadRecord()!;
        Assert.Equal(FastCgiRecordType.EndRequest, refused.Type);
        Assert.Equal(2, refused.RequestId);
        Assert.Equal(FastCgiProtocolStatus.CantMultiplexConnection, refused.ProtocolStatus);
        client.Send(FastCgiClient.Stdin(1, []));
        Assert.Equal("Hello World", client.ReadUntilEndRequest(1).Response().Text);
    }

    [Fact]
    public void AbortBeforeStdinEnd_EndRequestWithoutRunningApplication()
    {
        var application = TestApps.Hello();
        using var host = new FrontHost(ListenerProtocol.FastCgi, application);
        using var client = new FastCgiClient(host.Endpoint);
        client.Send([.. FastCgiClient.Begin(1, keepConnection: true), .. FastCgiClient.Params(1, FastCgiClient.NginxParams()),
            .. FastCgiClient.Record(FastCgiRecordType.AbortRequest, 1, [])]);
        var exchange = client.ReadUntilEndRequest(1);
        Assert.Empty(exchange.Stdout());
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams()));
        Assert.Equal("Hello World", client.ReadUntilEndRequest(1).Response().Text);
    }

    [Fact]
    public void AbortWhileResponseSuspended_ContinuationAbortedAndEndRequest()
    {
        var application = new TestApplication(chunkSize: 64 * 1024, chunks: 1024);
        using var host = new FrontHost(ListenerProtocol.FastCgi, application);
        using var client = new FastCgiClient(host.Endpoint);
        client.Socket.ReceiveBufferSize = 65536;
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams()));
        Assert.True(application.WaitUntilSuspended(TimeSpan.FromSeconds(10)), "the producer did not pause within 10 s while the client read nothing");
        client.Send(FastCgiClient.Record(FastCgiRecordType.AbortRequest, 1, []));
        var exchange = client.ReadUntilEndRequest(1);
        Assert.True(client.IsClosedByServer());
        Assert.Equal(1, application.Aborts);
        Assert.Equal(0, application.Completions);
        Assert.Equal(FastCgiProtocolStatus.RequestComplete, exchange.EndRequest()!.ProtocolStatus);
    }
}
