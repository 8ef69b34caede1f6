using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.BadInput;

/// <summary>
/// A web server (or a client posing as one) that closes its sending side in the middle of a request (issue 15 §4):
/// between two FastCGI records, inside a record, in the middle of a uwsgi packet. Gantry notices the end of the stream
/// at once and closes the connection, in every state of the reader, instead of holding the descriptor until
/// socket-timeout (60 s here, so a connection closed within the bound below was closed for the end of stream).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class GatewayEndOfStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static TheoryData<string> FastCgiCuts => new() { "after-begin", "after-params", "after-params-end", "after-some-stdin", "inside-a-record" };

    [Theory]
    [MemberData(nameof(FastCgiCuts))]
    public async Task FastCgi_PeerEndsMidRequest_ConnectionClosedAtOnce(string cut)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--fastcgi-socket", "127.0.0.1:0", "--http", "127.0.0.1:0", "--wsgi-file", TestApps.Probe, "--socket-timeout", "60"],
            workingDirectory: TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });
        var fastCgi = gantry.Addresses.Single(address => address.Scheme == "fastcgi");

        var probe = await HttpProbe.ConnectAsync(fastCgi);
        await using (probe)
        {
            await probe.SendAsync(FastCgiStart(cut));
            probe.ShutdownSend();

            Assert.True(await probe.IsClosedByServerAsync(Bound),
                $"the FastCGI connection cut {cut} was still open {Bound.TotalSeconds} s after the peer's end of stream");
        }
        await AssertStillServesAsync(gantry);
    }

    [Fact]
    public async Task Uwsgi_PeerEndsInsideThePacket_ConnectionClosedAtOnce()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--socket", "127.0.0.1:0", "--http", "127.0.0.1:0", "--wsgi-file", TestApps.Probe, "--socket-timeout", "60"],
            workingDirectory: TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });
        var uwsgi = gantry.Addresses.Single(address => address.Scheme == "uwsgi");
        var packet = UwsgiRequest.Get("/status", "x", 80);

        var probe = await HttpProbe.ConnectAsync(uwsgi);
        await using (probe)
        {
            await probe.SendAsync(packet.AsMemory(0, packet.Length / 2));
            probe.ShutdownSend();

            Assert.True(await probe.IsClosedByServerAsync(Bound), "the uwsgi connection cut inside its packet was still open");
        }
        await AssertStillServesAsync(gantry);
    }

    /// <summary>The records of a POST /status with a 10-byte body, cut at <paramref name="cut"/>.</summary>
    private static byte[] FastCgiStart(string cut)
    {
        using var records = new MemoryStream();
        // FCGI_BEGIN_REQUEST: role 1 (RESPONDER), flags 0.
        Record(records, 1, [0, 1, 0, 0, 0, 0, 0, 0]);
        if (cut == "after-begin")
        {
            return records.ToArray();
        }
        var parameters = new MemoryStream();
        foreach (var (name, value) in new[]
        {
            ("REQUEST_METHOD", "POST"), ("PATH_INFO", "/status"), ("QUERY_STRING", ""), ("SERVER_PROTOCOL", "HTTP/1.1"),
            ("SERVER_NAME", "x"), ("SERVER_PORT", "80"), ("REMOTE_ADDR", "127.0.0.1"), ("CONTENT_LENGTH", "10"),
        })
        {
            parameters.WriteByte((byte)name.Length);
            parameters.WriteByte((byte)value.Length);
            parameters.Write(Encoding.ASCII.GetBytes(name));
            parameters.Write(Encoding.ASCII.GetBytes(value));
        }
        Record(records, 4, parameters.ToArray());
        if (cut == "after-params")
        {
            return records.ToArray();
        }
        Record(records, 4, []);
        if (cut == "after-params-end")
        {
            return records.ToArray();
        }
        if (cut == "inside-a-record")
        {
            var whole = records.ToArray();
            var stdin = new MemoryStream();
            Record(stdin, 5, Encoding.ASCII.GetBytes("0123456789"));
            return [.. whole, .. stdin.ToArray().AsSpan(0, 12)];
        }
        Record(records, 5, Encoding.ASCII.GetBytes("01234"));
        return records.ToArray();
    }

    private static void Record(Stream output, byte type, byte[] content)
    {
        Span<byte> header = stackalloc byte[8];
        header[0] = 1;
        header[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)content.Length);
        output.Write(header);
        output.Write(content);
    }

    private static async Task AssertStillServesAsync(GantryProcess gantry)
    {
        var http = gantry.Addresses.Single(address => address.Scheme == "http");
        var next = await HttpProbe.ExchangeAsync(http, "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, next.StatusCode);
        OutputAssert.NoTraceback(gantry);
    }
}
