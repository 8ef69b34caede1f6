using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Http;

/// <summary>Streaming responses larger than the socket buffers: the producer pauses and resumes.</summary>
public sealed class HttpBackpressureTests
{
    [Fact]
    public void LargeStreamedResponse_SlowReader_ProducerSuspendedAndBodyIntact()
    {
        var application = new TestApplication(chunkSize: 64 * 1024, chunks: 128);
        using var host = new LoopHost(application);
        using var client = new RawHttpClient(host.Endpoint);
        // A small window that the client leaves unread until the producer paused: the server must pause, not buffer
        // 8 MiB (more than the kernel's socket buffers hold). (A tiny window read slowly would take minutes: every
        // window waits for a delayed ACK.)
        client.Socket.ReceiveBufferSize = 65536;
        client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        Assert.True(application.WaitUntilSuspended(TimeSpan.FromSeconds(10)), "the producer did not pause within 10 s while the client read nothing");
        var response = client.ReadResponse()!;
        Assert.Equal("chunked", response.Headers["transfer-encoding"]);
        Assert.Equal(64 * 1024 * 128, response.Body.Length);
        Assert.Equal((byte)'a', response.Body[0]);
        Assert.Equal((byte)('a' + (64 * 1024 - 1) % 26), response.Body[64 * 1024 - 1]);
        Assert.True(application.Suspensions > 0);
        Assert.Equal(1, application.Completions);
    }

    [Fact]
    public void ClientDisconnectsMidResponse_ContinuationAborted_LoopKeepsServing()
    {
        var application = new TestApplication(chunkSize: 64 * 1024, chunks: 1024);
        using var host = new LoopHost(application);
        using (var client = new RawHttpClient(host.Endpoint))
        {
            client.Socket.ReceiveBufferSize = 4096;
            client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            var buffer = new byte[1024];
            client.Socket.Receive(buffer);
            client.Socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref application.Aborts) == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
        Assert.Equal(1, application.Aborts);
        Assert.Equal(0, application.Completions);
    }
}
