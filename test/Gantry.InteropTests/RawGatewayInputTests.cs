using System.Text;
using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>
/// A raw uwsgi and FastCGI client (its own encoders, not gantry's) against the running binary: good requests are
/// answered; each malformed input gets a log line naming the problem and a closed connection, and the next good
/// request on a new connection is answered.
/// </summary>
public sealed class RawGatewayInputTests(GantryOnlyFixture fixture) : IClassFixture<GantryOnlyFixture>
{
    private GantryServer Gantry => fixture.Gantry;

    public static TheoryData<string> UwsgiCases() => [.. UwsgiCorpus.Keys];

    public static TheoryData<string> FastCgiCases() => [.. FastCgiCorpus.Keys];

    private static readonly Dictionary<string, (byte[] Input, string Logged)> UwsgiCorpus = new()
    {
        ["zero-length key"] = ([.. WireBytes.UwsgiHeader(7), 0, 0, 3, 0, (byte)'G', (byte)'E', (byte)'T'], "zero-length key"),
        ["pair cut by the block"] = ([.. WireBytes.UwsgiHeader(4), 1, 0, (byte)'A', 9], "value size cut"),
        ["declared size over --buffer-size"] = ([.. WireBytes.UwsgiHeader(60000), .. new byte[64]], "raise --buffer-size"),
        ["declared size larger than the data"] = ([.. WireBytes.UwsgiHeader(300), .. new byte[10]], "ended inside the packet"),
        ["body shorter than CONTENT_LENGTH"] = ([.. WireBytes.UwsgiPacket(WireBytes.NginxVariables(method: "POST", contentLength: "500")), .. new byte[20]], "inside the body"),
        ["modifier1 14 (PHP)"] = (WireBytes.UwsgiPacket(WireBytes.NginxVariables(), modifier1: 14), "modifier1 14"),
    };

    private static readonly Dictionary<string, (byte[] Input, string Logged)> FastCgiCorpus = new()
    {
        ["HTTP sent to the FastCGI socket"] = (Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "is an HTTP client talking to the FastCGI socket"),
        ["STDIN for a request never begun"] = (WireBytes.Record(5, 9, [1, 2, 3]), "never begun"),
        ["PARAMS over --buffer-size"] = ([.. WireBytes.Begin(1, false), .. WireBytes.Record(4, 1, WireBytes.Pairs([("HTTP_COOKIE", new string('c', 5000))]))], "raise --buffer-size"),
        ["pair longer than the stream"] = ([.. WireBytes.Begin(1, false), .. WireBytes.Record(4, 1, [5, 5, (byte)'A']), .. WireBytes.Record(4, 1, [])], "longer than its stream"),
        ["STDIN shorter than CONTENT_LENGTH"] = (WireBytes.FastCgiRequest(1, [.. WireBytes.NginxVariables(method: "POST", contentLength: "50")], new byte[10], false), "CONTENT_LENGTH said 50"),
        ["connection ends inside a record"] = ([.. WireBytes.Begin(1, false)[..5]], "inside a record"),
    };

    [Fact]
    public void Uwsgi_GoodRequest_RawHttpResponseThenClose()
    {
        using var socket = new RawGatewaySocket(Gantry.Tcp("uwsgi"));
        socket.SendAndFinish(WireBytes.UwsgiPacket(WireBytes.NginxVariables(path: "/good")));
        var response = Encoding.Latin1.GetString(socket.ReadToEnd());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\"PATH_INFO\": \"/good\"", response, StringComparison.Ordinal);
    }

    [Fact]
    public void Uwsgi_BodyOverLimitPost_Answered413()
    {
        var mark = Gantry.LogMark;
        using var socket = new RawGatewaySocket(Gantry.Tcp("uwsgi"));
        socket.SendAndFinish([.. WireBytes.UwsgiPacket(WireBytes.NginxVariables(method: "POST", contentLength: "1001")), .. new byte[1001]]);
        Assert.StartsWith("HTTP/1.1 413 ", Encoding.Latin1.GetString(socket.ReadToEnd()), StringComparison.Ordinal);
        Gantry.WaitForLog("--limit-post 1000", mark);
    }

    [Theory]
    [MemberData(nameof(UwsgiCases))]
    public void Uwsgi_MalformedInput_LoggedClosedAndNextServed(string name)
    {
        var (input, logged) = UwsgiCorpus[name];
        var mark = Gantry.LogMark;
        using (var socket = new RawGatewaySocket(Gantry.Tcp("uwsgi")))
        {
            socket.SendAndFinish(input);
            Assert.Empty(socket.ReadToEnd());
        }
        Gantry.WaitForLog(logged, mark);
        Uwsgi_GoodRequest_RawHttpResponseThenClose();
    }

    [Fact]
    public void FastCgi_KeepConnection_TwoRequestsThenManagementRecords()
    {
        using var socket = new RawGatewaySocket(Gantry.Tcp("fastcgi"));
        for (var i = 1; i <= 2; i++)
        {
            socket.Send(WireBytes.FastCgiRequest(1, [.. WireBytes.NginxVariables(path: $"/keep{i}")], [], keepConnection: true));
            var response = Encoding.Latin1.GetString(socket.ReadFastCgiResponse(1));
            Assert.StartsWith("Status: 200 OK\r\n", response, StringComparison.Ordinal);
            Assert.Contains($"\"PATH_INFO\": \"/keep{i}\"", response, StringComparison.Ordinal);
        }
        socket.Send(WireBytes.Record(9, 0, WireBytes.Pairs([("FCGI_MPXS_CONNS", ""), ("FCGI_MAX_CONNS", "")])));
        var values = socket.ReadRecord()!.Value;
        Assert.Equal(10, values.Type);
        Assert.Contains("FCGI_MPXS_CONNS0", Encoding.ASCII.GetString(values.Content), StringComparison.Ordinal);
        socket.Send(WireBytes.Record(99, 0, [7]));
        var unknown = socket.ReadRecord()!.Value;
        Assert.Equal(11, unknown.Type);
        Assert.Equal(99, unknown.Content[0]);
    }

    [Theory]
    [MemberData(nameof(FastCgiCases))]
    public void FastCgi_MalformedInput_LoggedClosedAndNextServed(string name)
    {
        var (input, logged) = FastCgiCorpus[name];
        var mark = Gantry.LogMark;
        using (var socket = new RawGatewaySocket(Gantry.Tcp("fastcgi")))
        {
            socket.SendAndFinish(input);
            var records = new List<byte>();
            while (socket.ReadRecord() is { } record)
            {
                records.Add(record.Type);
            }
            Assert.DoesNotContain((byte)6, records);
        }
        Gantry.WaitForLog(logged, mark);
        using var next = new RawGatewaySocket(Gantry.Tcp("fastcgi"));
        next.Send(WireBytes.FastCgiRequest(1, [.. WireBytes.NginxVariables(path: "/next")], [], keepConnection: false));
        Assert.Contains("\"PATH_INFO\": \"/next\"", Encoding.Latin1.GetString(next.ReadFastCgiResponse(1)), StringComparison.Ordinal);
    }
}
