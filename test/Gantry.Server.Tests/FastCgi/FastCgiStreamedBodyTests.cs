using System.Text;
using Gantry.Protocols.FastCgi;
using Gantry.Server.Listeners;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.FastCgi;

/// <summary>
/// Request bodies streamed to a host that asks for them behind <c>fastcgi_pass</c> (nginx with
/// fastcgi_request_buffering off): the host runs right after PARAMS (or, without CONTENT_LENGTH, at the first STDIN
/// record) and echoes each STDIN record as it arrives; a web server that leaves mid-body gets the host aborted;
/// --limit-post still answers 413; with FCGI_KEEP_CONN a response that ends before STDIN does leaves the rest ignored.
/// </summary>
public sealed class FastCgiStreamedBodyTests
{
    private readonly StreamingEchoApplication _application = new();

    [Fact]
    public void Stdin_EachRecordEchoedBeforeTheNextIsSent()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, _application);
        using var client = new FastCgiClient(host.Endpoint);
        string[] pieces = ["abcd", "efgh", "ijkl"];

        client.Send([.. FastCgiClient.Begin(1), .. FastCgiClient.Params(1, FastCgiClient.NginxParams("/echo", "", "POST", "12"))]);
        _application.WaitForPendingSteps(1);
        var stdout = new StringBuilder();
        foreach (var piece in pieces)
        {
            client.Send(Stdin(1, piece));
            ReadStdoutUntil(client, stdout, piece);
        }
        client.Send(Stdin(1, ""));
        var rest = client.ReadUntilEndRequest(1);
        var response = RawGatewayResponse.Parse([.. Encoding.Latin1.GetBytes(stdout.ToString()), .. rest.Stdout()], hasStatusLine: false);

        Assert.Equal(200, response.Status);
        Assert.Equal("abcdefghijkl", response.Text);
        Assert.True(rest.StdoutEnded());
        Assert.Equal(["invoke /echo complete=False", "done /echo waits=4 length=12"], _application.Events);
    }

    [Fact]
    public void WithoutContentLength_StreamsFromTheFirstStdinRecord()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, _application);
        using var client = new FastCgiClient(host.Endpoint);

        client.Send([.. FastCgiClient.Begin(1), .. FastCgiClient.Params(1, FastCgiClient.NginxParams("/echo", "", "POST")), .. Stdin(1, "first;")]);
        var stdout = new StringBuilder();
        ReadStdoutUntil(client, stdout, "first;");
        client.Send([.. Stdin(1, "second"), .. Stdin(1, "")]);
        var rest = client.ReadUntilEndRequest(1);
        var response = RawGatewayResponse.Parse([.. Encoding.Latin1.GetBytes(stdout.ToString()), .. rest.Stdout()], hasStatusLine: false);

        Assert.Equal("first;second", response.Text);
        Assert.Equal("invoke /echo complete=False", _application.Events.First());
    }

    [Fact]
    public void WebServerLeavesMidBody_HostAborted()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, _application);
        using (var client = new FastCgiClient(host.Endpoint))
        {
            client.Send([.. FastCgiClient.Begin(1), .. FastCgiClient.Params(1, FastCgiClient.NginxParams("/echo", "", "POST", "100")), .. Stdin(1, "half")]);
            ReadStdoutUntil(client, new StringBuilder(), "half");
        }

        Assert.Equal("/echo", _application.WaitForAbort());
    }

    [Fact]
    public void StdinOverLimitPost_413HostAbortedAndTheKeptConnectionServesOn()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, _application, new ServerOptions { DisableLogging = true, LimitPost = 100 });
        using var client = new FastCgiClient(host.Endpoint);
        var sixty = new string('x', 60);

        client.Send([.. FastCgiClient.Begin(1, keepConnection: true), .. FastCgiClient.Params(1, FastCgiClient.NginxParams("/collect", "", "POST")), .. Stdin(1, sixty)]);
        _application.WaitForPendingSteps(1);
        client.Send(Stdin(1, sixty));
        var refused = client.ReadUntilEndRequest(1);
        client.Send([.. Stdin(1, ""), .. FastCgiClient.Request(2, FastCgiClient.NginxParams("/whole", "", "POST", "4"), "next"u8.ToArray(), keepConnection: true)]);
        var next = client.ReadUntilEndRequest(2);

        Assert.Equal(413, refused.Response().Status);
        Assert.Equal("/collect", _application.WaitForAbort());
        Assert.Equal("next", next.Response(2).Text);
    }

    [Fact]
    public void HostAnswersBeforeTheBody_RestOfStdinIgnoredAndTheKeptConnectionServesOn()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, _application);
        using var client = new FastCgiClient(host.Endpoint);

        client.Send([.. FastCgiClient.Begin(1, keepConnection: true), .. FastCgiClient.Params(1, FastCgiClient.NginxParams("/early", "", "POST", "10")), .. Stdin(1, "01234")]);
        var early = client.ReadUntilEndRequest(1);
        client.Send([.. Stdin(1, "56789"), .. Stdin(1, ""), .. FastCgiClient.Request(2, FastCgiClient.NginxParams("/whole", "", "POST", "4"), "next"u8.ToArray(), keepConnection: true)]);
        var next = client.ReadUntilEndRequest(2);

        Assert.Equal("answered before the body", early.Response().Text);
        Assert.Equal("next", next.Response(2).Text);
    }

    private static byte[] Stdin(ushort id, string data) => FastCgiClient.Record(FastCgiRecordType.Stdin, id, Encoding.Latin1.GetBytes(data));

    /// <summary>Reads records, adding STDOUT content to <paramref name="stdout"/>, until it holds <paramref name="marker"/>.</summary>
    private static void ReadStdoutUntil(FastCgiClient client, StringBuilder stdout, string marker)
    {
        while (!stdout.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var record = client.ReadRecord();
            Assert.True(record is not null, $"the server closed before \"{marker}\" arrived: {stdout}");
            if (record.Type == FastCgiRecordType.Stdout)
            {
                stdout.Append(Encoding.Latin1.GetString(record.Content));
            }
        }
    }
}
