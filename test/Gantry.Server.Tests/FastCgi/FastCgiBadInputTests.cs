using System.Text;
using Gantry.Protocols.FastCgi;
using Gantry.Server.Listeners;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.FastCgi;

/// <summary>
/// Malformed FastCGI input replayed whole, byte by byte and in random chunks: each is logged and its connection
/// closed, and the next good request on a new connection is served.
/// </summary>
public sealed class FastCgiBadInputTests
{
    private const int RefusedEvent = 1005;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Corpus.Keys)
        {
            foreach (var plan in ChunkReplay.Plans)
            {
                data.Add(name, plan);
            }
        }
        return data;
    }

    private static readonly Dictionary<string, (byte[] Input, string Expected)> Corpus = new()
    {
        ["HTTP on the FastCGI socket"] = (Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "version byte"),
        ["record for an unknown request id"] = (FastCgiClient.Stdin(5, "x"u8.ToArray()), "never begun"),
        ["params over --buffer-size"] = ([.. FastCgiClient.Begin(1), .. FastCgiClient.Params(1, [("HTTP_COOKIE", new string('c', 5000))])], "--buffer-size"),
        ["pair longer than the stream"] = ([.. FastCgiClient.Begin(1), .. FastCgiClient.Record(FastCgiRecordType.Params, 1, [4, 9, (byte)'A', (byte)'B']),
            .. FastCgiClient.Record(FastCgiRecordType.Params, 1, [])], "longer than its stream"),
        ["empty name"] = ([.. FastCgiClient.Begin(1), .. FastCgiClient.Record(FastCgiRecordType.Params, 1, [0, 1, (byte)'x'])], "empty name"),
        ["body shorter than CONTENT_LENGTH"] = (FastCgiClient.Request(1, FastCgiClient.NginxParams(method: "POST", contentLength: "10"), new byte[4]), "CONTENT_LENGTH said 10"),
        ["connection ends inside a record"] = ([.. FastCgiClient.Begin(1), .. FastCgiClient.Params(1, FastCgiClient.NginxParams())[..20]], "inside a record"),
        ["STDIN before the end of PARAMS"] = ([.. FastCgiClient.Begin(1), .. FastCgiClient.Stdin(1, [])], "out of order"),
        ["BEGIN_REQUEST body of 4 bytes"] = (FastCgiClient.Record(FastCgiRecordType.BeginRequest, 1, [0, 1, 0, 0]), "BEGIN_REQUEST body"),
        ["STDOUT from the web server"] = ([.. FastCgiClient.Begin(1), .. FastCgiClient.Record(FastCgiRecordType.Stdout, 1, [1])], "does not send"),
        ["CONTENT_LENGTH not a number"] = (FastCgiClient.Request(1, FastCgiClient.NginxParams(method: "POST", contentLength: "-1")), "CONTENT_LENGTH"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedRecords_LoggedAndClosed_NextRequestServed(string name, string plan)
    {
        var (input, expected) = Corpus[name];
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Hello(), new ServerOptions { DisableLogging = true, BufferSize = 4096 });
        using (var client = new FastCgiClient(host.Endpoint))
        {
            ChunkReplay.Send(client.Socket, input, plan);
            var exchange = client.ReadUntilClose();
            Assert.DoesNotContain(exchange.Records, record => record.Type == FastCgiRecordType.Stdout);
        }
        Assert.Contains(expected, Assert.Single(host.WaitForLog(RefusedEvent)).Message, StringComparison.Ordinal);
        using var next = new FastCgiClient(host.Endpoint);
        next.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams()));
        Assert.Equal("Hello World", next.ReadUntilEndRequest(1).Response().Text);
    }
}
