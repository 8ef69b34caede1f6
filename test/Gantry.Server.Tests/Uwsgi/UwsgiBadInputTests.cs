using System.Buffers.Binary;
using System.Text;
using Gantry.Server.Listeners;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Uwsgi;

/// <summary>
/// Malformed uwsgi input replayed whole, byte by byte and in random chunks: each is logged and its connection
/// closed without a response, and the next good request on a new connection is served.
/// </summary>
public sealed class UwsgiBadInputTests
{
    private const int RefusedEvent = 1005;
    private const int ModifierEvent = 1006;

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
        ["declared size larger than the data"] = (Header(0, 200, 0).Concat(Pair("REQUEST_METHOD", "GET")).ToArray(), "ended inside the packet"),
        ["zero-length key"] = (WithBlock([0, 0, 3, 0, (byte)'G', (byte)'E', (byte)'T']), "zero-length key"),
        ["key longer than the block"] = (WithBlock([50, 0, (byte)'A', (byte)'B']), "key longer"),
        ["value size cut by the block"] = (WithBlock([1, 0, (byte)'A', 9]), "value size"),
        ["value longer than the block"] = (WithBlock([1, 0, (byte)'A', 40, 0, (byte)'x']), "value longer"),
        ["huge declared size"] = ([.. Header(0, 65535, 0), .. new byte[100]], "--buffer-size"),
        ["body shorter than CONTENT_LENGTH"] = ([.. UwsgiClient.Packet(UwsgiClient.NginxGet(method: "POST", contentLength: "100")), .. new byte[40]], "inside the body"),
        ["CONTENT_LENGTH not a number"] = (UwsgiClient.Packet(UwsgiClient.NginxGet(method: "POST", contentLength: "12abc")), "CONTENT_LENGTH"),
        ["half a header"] = ([0, 10], "ended inside the packet"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedPacket_LoggedAndClosed_NextRequestServed(string name, string plan)
    {
        var (input, expected) = Corpus[name];
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Hello(), new ServerOptions { DisableLogging = true, BufferSize = 4096 });
        using (var client = new UwsgiClient(host.Endpoint))
        {
            ChunkReplay.Send(client.Socket, input, plan);
            Assert.Empty(client.ReadToEnd());
        }
        Assert.Contains(expected, Assert.Single(host.WaitForLog(RefusedEvent)).Message, StringComparison.Ordinal);
        using var next = new UwsgiClient(host.Endpoint);
        Assert.Equal("Hello World", next.Request(UwsgiClient.NginxGet()).Text);
    }

    [Fact]
    public void UnsupportedModifiers_ClosedEachTime_LoggedOncePerModifier()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Hello());
        foreach (var plan in ChunkReplay.Plans)
        {
            foreach (var input in new[] { UwsgiClient.Packet(UwsgiClient.NginxGet(), modifier1: 14), Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n") })
            {
                using var client = new UwsgiClient(host.Endpoint);
                ChunkReplay.Send(client.Socket, input, plan);
                Assert.Empty(client.ReadToEnd());
            }
        }
        var logged = host.WaitForLog(ModifierEvent, 2);
        Assert.Equal(2, logged.Count);
        Assert.Contains(logged, entry => entry.Message.Contains("modifier1 14", StringComparison.Ordinal));
        Assert.Contains(logged, entry => entry.Message.Contains("modifier1 71", StringComparison.Ordinal));
        using var next = new UwsgiClient(host.Endpoint);
        Assert.Equal("Hello World", next.Request(UwsgiClient.NginxGet()).Text);
    }

    [Fact]
    public void CgiModifier_Modifier1Nine_ServedLikeZeroThroughTheRouter()
    {
        // nginx's `uwsgi_modifier1 9;` (uWSGI's cgi plugin): Gantry's router picks by path, so it is an ordinary request.
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Hello());
        using var client = new UwsgiClient(host.Endpoint);

        client.Send(UwsgiClient.Packet(UwsgiClient.NginxGet(), modifier1: 9));

        Assert.Equal("Hello World", RawGatewayResponse.Parse(client.ReadToEnd()).Text);
    }

    private static byte[] Header(byte modifier1, ushort size, byte modifier2)
    {
        var header = new byte[4];
        header[0] = modifier1;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(1), size);
        header[3] = modifier2;
        return header;
    }

    private static byte[] WithBlock(byte[] block) => [.. Header(0, (ushort)block.Length, 0), .. block];

    private static byte[] Pair(string key, string value)
    {
        var k = Encoding.ASCII.GetBytes(key);
        var v = Encoding.ASCII.GetBytes(value);
        return [(byte)k.Length, 0, .. k, (byte)v.Length, 0, .. v];
    }
}
