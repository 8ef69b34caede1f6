using Gantry.Application;
using Gantry.Server.Listeners;
using Gantry.Server.Logging;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Connections;

/// <summary>
/// The hot path allocates nothing once warm: the loop thread's allocation counter, read by the application at every
/// request, does not move between requests (accept, parse, respond, close and the next accept included).
/// </summary>
public sealed class AllocationTests
{
    private const int Warmup = 300;
    private const int Measured = 200;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Uwsgi_ConnectionPerRequest_NoAllocationOnceWarm(bool repeatedHeaders)
    {
        var counter = new AllocationCounter(Warmup + Measured);
        using var host = new FrontHost(ListenerProtocol.Uwsgi, counter.Application);
        // Repeated header lines are joined into the connection's reused buffer: no allocation either once it has grown.
        (string, string)[] repeats = repeatedHeaders
            ? [("HTTP_X_DUP", "first"), ("HTTP_COOKIE", "a=1"), ("HTTP_X_DUP", "second"), ("HTTP_COOKIE", "b=2"), ("HTTP_X_DUP", "third")]
            : [];
        var packet = UwsgiClient.Packet([.. UwsgiClient.NginxGet(), .. repeats]);
        for (var i = 0; i < Warmup + Measured; i++)
        {
            using var client = new UwsgiClient(host.Endpoint);
            client.Send(packet);
            Assert.NotEmpty(client.ReadToEnd());
        }
        Assert.Equal(0, counter.AllocatedAfter(Warmup));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FastCgi_Requests_NoAllocationOnceWarm(bool keepConnection)
    {
        var counter = new AllocationCounter(Warmup + Measured);
        using var host = new FrontHost(ListenerProtocol.FastCgi, counter.Application);
        var request = FastCgiClient.Request(1, FastCgiClient.NginxParams(), keepConnection: keepConnection);
        FastCgiClient? client = null;
        for (var i = 0; i < Warmup + Measured; i++)
        {
            if (client is null || !keepConnection)
            {
                client?.Dispose();
                client = new FastCgiClient(host.Endpoint);
            }
            client.Send(request);
            client.ReadUntilEndRequest(1);
        }
        client?.Dispose();
        Assert.Equal(0, counter.AllocatedAfter(Warmup));
    }

    [Fact]
    public void Http_KeepAlive_NoAllocationOnceWarm()
    {
        var counter = new AllocationCounter(Warmup + Measured);
        using var host = new FrontHost(ListenerProtocol.Http, counter.Application);
        using var client = new RawHttpClient(host.Endpoint);
        for (var i = 0; i < Warmup + Measured; i++)
        {
            client.Send("GET /hello?x=1 HTTP/1.1\r\nHost: t\r\nUser-Agent: test\r\n\r\n");
            Assert.NotNull(client.ReadResponse());
        }
        Assert.Equal(0, counter.AllocatedAfter(Warmup));
    }

    [Fact]
    public void Http_KeepAlive_RequestLogOn_NoAllocationOnceWarm()
    {
        var counter = new AllocationCounter(Warmup + Measured);
        var lines = new CountingTarget();
        using var host = new FrontHost(ListenerProtocol.Http, counter.Application, new ServerOptions { DisableLogging = false }, requestLog: lines);
        using var client = new RawHttpClient(host.Endpoint);
        for (var i = 0; i < Warmup + Measured; i++)
        {
            client.Send("GET /hello?x=1 HTTP/1.1\r\nHost: t\r\nUser-Agent: test\r\n\r\n");
            Assert.NotNull(client.ReadResponse());
        }
        // The request log writes its lines 10 ms after the first of a block (or at 16 KiB), after the responses left.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref lines.Lines) < Warmup + Measured && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
        Assert.Equal(Warmup + Measured, Volatile.Read(ref lines.Lines));
        Assert.Equal(0, counter.AllocatedAfter(Warmup));
    }

    /// <summary>Counts the request lines it is given, allocating nothing (it runs on the loop thread).</summary>
    private sealed class CountingTarget : IRequestLogTarget
    {
        public int Lines;

        public void WriteLines(ReadOnlySpan<byte> lines, int count) => Interlocked.Add(ref Lines, count);
    }

    /// <summary>A hello application that records the loop thread's allocated bytes at every call.</summary>
    private sealed class AllocationCounter(int capacity)
    {
        private readonly long[] _samples = new long[capacity];
        private int _count;

        public TestApplication Application => new(Handle);

        /// <summary>Bytes the loop thread allocated between request <paramref name="from"/> and the last one.</summary>
        public long AllocatedAfter(int from)
        {
            var count = Volatile.Read(ref _count);
            Assert.Equal(_samples.Length, count);
            return _samples[count - 1] - _samples[from];
        }

        private ApplicationStep Handle(RequestContext request, IResponseSink response)
        {
            if (_count < _samples.Length)
            {
                _samples[_count] = GC.GetAllocatedBytesForCurrentThread();
                Volatile.Write(ref _count, _count + 1);
            }
            response.SetStatus("200 OK"u8);
            response.AddHeader("Content-Type"u8, "text/plain"u8);
            response.Write("Hello World"u8);
            return ApplicationStep.Completed;
        }
    }
}
