using System.Net;
using System.Net.Sockets;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.BadInput;

/// <summary>
/// Clients that ask for a large response and never read it (issue 15 §1, §2). socket-timeout ("seconds a socket read or
/// write may stall") holds for every stalled send, as uWSGI applies it: a paused WSGI iterator, a sendfile, on the
/// HTTP and uwsgi fronts. The connection is then closed, the paused response aborted (its close() runs), and the
/// memory its output took goes back: after the clients go, the server's resident size returns to where it was.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class StalledReaderTests
{
    private const int Mebibyte = 1024 * 1024;

    // socket-timeout is 2 s in these tests; a stalled send is noticed at the next 1 s tick after it.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PausedIterator_ClientNeverReads_ClosedAfterSocketTimeoutAndCloseRuns()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--socket-timeout", "2");

        using var client = await ConnectWithSmallWindowAsync(gantry.Addresses[0].ToEndPoint());
        await client.SendAsync("GET /recording?name=stalled&mib=50 HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        await gantry.WaitForOutputAsync("the client took none of the response for 2 s", Patience);
        await RecordFile.WaitForLineAsync(records.Combine("stalled"), "closed", Patience);
        var received = await ReadUntilClosedAsync(client);
        Assert.InRange(received, 1, 50L * Mebibyte - 1);
        await AssertStillServesAsync(gantry);
    }

    [Fact]
    public async Task Sendfile_ClientNeverReads_ClosedAfterSocketTimeout()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        using var files = RepoPaths.CreateTemporaryDirectory();
        using (var big = File.Create(files.Combine("big.bin")))
        {
            big.SetLength(64L * Mebibyte);
        }
        await using var gantry = await ProbeServer.StartAsync(records, "--socket-timeout", "2", "--static-map", "/files=" + files.Path);

        using var client = await ConnectWithSmallWindowAsync(gantry.Addresses[0].ToEndPoint());
        await client.SendAsync("GET /files/big.bin HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        await gantry.WaitForOutputAsync("the client took none of the response for 2 s", Patience);
        var received = await ReadUntilClosedAsync(client);
        Assert.InRange(received, 1, 64L * Mebibyte - 1);
        await AssertStillServesAsync(gantry);
    }

    [Fact]
    public async Task UwsgiFront_ClientNeverReads_ClosedAfterSocketTimeoutAndCloseRuns()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--socket", "127.0.0.1:0", "--http", "127.0.0.1:0", "--wsgi-file", TestApps.Probe, "--socket-timeout", "2"],
            workingDirectory: TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });
        var uwsgi = gantry.Addresses.Single(address => address.Scheme == "uwsgi");

        using var client = await ConnectWithSmallWindowAsync(uwsgi.ToEndPoint());
        await client.SendAsync(UwsgiRequest.Encode(
        [
            new("REQUEST_METHOD", "GET"), new("PATH_INFO", "/recording"), new("QUERY_STRING", "name=uwsgi&mib=50"),
            new("SERVER_PROTOCOL", "HTTP/1.1"), new("SERVER_NAME", "x"), new("SERVER_PORT", "80"), new("REMOTE_ADDR", "127.0.0.1"),
        ]));

        await gantry.WaitForOutputAsync("the client took none of the response for 2 s", Patience);
        await RecordFile.WaitForLineAsync(records.Combine("uwsgi"), "closed", Patience);
        Assert.InRange(await ReadUntilClosedAsync(client), 1, 50L * Mebibyte - 1);
    }

    [Fact]
    public async Task StalledResponses_ClientsLeave_ResidentMemoryReturns()
    {
        const int Clients = 64;
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--disable-logging");

        // The level before them: after the same number of connections served a small response each (the pooled
        // connection objects and the interpreter's caches are then in place).
        var warmUp = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ =>
            HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
        Assert.All(warmUp, response => Assert.Equal(200, response.StatusCode));
        var before = ProcessMemory.ResidentBytes(gantry.Pid);

        for (var round = 1; round <= 2; round++)
        {
            var name = $"round{round}";
            var clients = new List<Socket>();
            try
            {
                for (var i = 0; i < Clients; i++)
                {
                    var client = await ConnectWithSmallWindowAsync(gantry.Addresses[0].ToEndPoint());
                    clients.Add(client);
                    await client.SendAsync(System.Text.Encoding.ASCII.GetBytes($"GET /recording?name={name}&mib=50 HTTP/1.1\r\nHost: x\r\n\r\n"));
                }
                await WaitForLinesAsync(records.Combine(name), "started", Clients);
                // Each paused response holds its output (a 1 MiB block and what the socket did not take): the test
                // only means something if the stall really took memory.
                Assert.True(ProcessMemory.ResidentBytes(gantry.Pid) > before + Clients * Mebibyte / 2,
                    $"round {round}: the stalled responses took no memory ({ProcessMemory.ResidentBytes(gantry.Pid)} bytes resident, {before} before)");
            }
            finally
            {
                foreach (var client in clients)
                {
                    client.LingerState = new LingerOption(true, 0);
                    client.Dispose();
                }
            }
            await WaitForLinesAsync(records.Combine(name), "closed", Clients);

            var after = ProcessMemory.ResidentBytes(gantry.Pid);
            Assert.True(after <= before * 1.2,
                $"round {round}: {after / (double)Mebibyte:0.0} MiB resident after the clients left, {before / (double)Mebibyte:0.0} MiB before them (allowed: +20 %)");
        }
    }

    /// <summary>A TCP or unix connection with a 4 KiB receive buffer, so the server's output stalls early.</summary>
    private static async Task<Socket> ConnectWithSmallWindowAsync(EndPoint endPoint)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.ReceiveBufferSize = 4096;
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(endPoint, timeout.Token);
        return socket;
    }

    /// <summary>Reads what the server sent until it closed (end of file or reset); bounded by <see cref="Patience"/>.</summary>
    private static async Task<long> ReadUntilClosedAsync(Socket client)
    {
        var buffer = new byte[256 * 1024];
        long total = 0;
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            int read;
            while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                total += read;
            }
        }
        catch (SocketException)
        {
            // A reset also ends it.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server kept the connection open for {Patience.TotalSeconds} s after the stall ({total} bytes read)");
        }
        return total;
    }

    private static async Task WaitForLinesAsync(string path, string line, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (RecordFile.Lines(path).Count(candidate => candidate == line) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{path} has {RecordFile.Lines(path).Count(candidate => candidate == line)} '{line}' lines, expected {count} within {Patience.TotalSeconds} s");
            }
            await Task.Delay(20);
        }
    }

    private static async Task AssertStillServesAsync(GantryProcess gantry)
    {
        var next = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal((200, "status 200"), (next.StatusCode, next.BodyText));
        OutputAssert.NoTraceback(gantry);
    }
}
