using Gantry.Application;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Http;

/// <summary>The loop's hot path (receive, parse, CGI mapping, framing, send) allocates nothing per request.</summary>
public sealed class HttpAllocationTests
{
    [Fact]
    public void KeepAliveRequests_AfterWarmUp_AllocateNothingOnTheLoopThread()
    {
        var allocated = new long[400];
        var count = 0;
        var application = new TestApplication((request, response) =>
        {
            // Read on the loop thread itself: the bytes the whole loop allocated so far.
            allocated[count++] = GC.GetAllocatedBytesForCurrentThread();
            response.SetStatus("200 OK"u8);
            response.AddHeader("Content-Type"u8, "text/plain"u8);
            response.Write("Hello World"u8);
            return ApplicationStep.Completed;
        });
        using var host = new LoopHost(application);
        using var client = new RawHttpClient(host.Endpoint);
        for (var i = 0; i < allocated.Length; i++)
        {
            client.Send("GET /hello?x=1 HTTP/1.1\r\nHost: example.org\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n");
            Assert.Equal(200, client.ReadResponse()!.Status);
        }
        Assert.Equal(allocated.Length, count);
        Assert.Equal(0, allocated[^1] - allocated[100]);
    }
}
