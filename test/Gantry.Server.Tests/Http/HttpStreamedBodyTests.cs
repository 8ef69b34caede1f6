using System.Globalization;
using Gantry.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests.Http;

/// <summary>
/// Request bodies streamed to a host that asks for them on the HTTP front: the host runs right after the head and is
/// told of each piece (Content-Length, chunked, Expect: 100-continue), the client sees each piece echoed before it
/// sends the next; a client that leaves or stalls mid-body gets the host aborted; --limit-post still answers 413; a
/// pipelined request waits for the first response; a host that does not stream gets its body whole as before.
/// </summary>
public sealed class HttpStreamedBodyTests
{
    private readonly StreamingEchoApplication _application = new();

    [Fact]
    public void ContentLength_EachPieceEchoedBeforeTheNextIsSent()
    {
        using var host = new LoopHost(_application);
        using var client = new RawHttpClient(host.Endpoint);
        var receiver = new SocketReceiver(client.Socket);
        string[] pieces = ["alpha;", "bravo;", "charlie;", "delta;"];

        client.Send($"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: {pieces.Sum(p => p.Length)}\r\nConnection: close\r\n\r\n");
        _application.WaitForPendingSteps(1);
        foreach (var piece in pieces)
        {
            client.Send(piece);
            receiver.WaitFor(piece);
        }
        var response = receiver.ReadToEnd();

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Transfer-Encoding: chunked\r\n", response, StringComparison.Ordinal);
        Assert.Equal(string.Concat(pieces), BodyOf(response));
        Assert.Equal("invoke /echo complete=False", _application.Events.First());
        Assert.Equal("done /echo waits=4 length=26", _application.Events.Last());
    }

    [Fact]
    public void Chunked_ManySmallChunksOverTime_EachEchoedAsItArrives()
    {
        using var host = new LoopHost(_application);
        using var client = new RawHttpClient(host.Endpoint);
        var receiver = new SocketReceiver(client.Socket);
        var pieces = Enumerable.Range(0, 20).Select(i => $"piece-{i:D2};").ToArray();

        client.Socket.NoDelay = true;
        client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        _application.WaitForPendingSteps(1);
        foreach (var piece in pieces)
        {
            // The size line and the data arrive apart: the decoder's state carries over between receives.
            client.Send($"{piece.Length:x};ext=1\r\n");
            client.Send($"{piece}\r\n");
            receiver.WaitFor(piece);
        }
        client.Send("0\r\nTrailer: x\r\n\r\n");
        var response = receiver.ReadToEnd();

        Assert.Equal(string.Concat(pieces), BodyOf(response));
        Assert.Equal("invoke /echo complete=False", _application.Events.First());
        Assert.Equal($"done /echo waits={pieces.Length + 1} length={pieces.Sum(p => p.Length)}", _application.Events.Last());
    }

    [Fact]
    public void ExpectContinue_100ThenTheBodyStreams()
    {
        using var host = new LoopHost(_application);
        using var client = new RawHttpClient(host.Endpoint);
        var receiver = new SocketReceiver(client.Socket);

        client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 10\r\nConnection: close\r\n\r\n");
        receiver.WaitFor("HTTP/1.1 100 Continue\r\n\r\n");
        client.Send("first");
        receiver.WaitFor("first");
        client.Send("later");
        var response = receiver.ReadToEnd();

        Assert.StartsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Equal("firstlater", BodyOf(response));
    }

    [Fact]
    public void BodyArrivesWhileTheResponseIsSuspended_TakenInWithoutStallingTheClient()
    {
        // The host writes 16 MiB the client does not read yet (more than the loopback buffers hold, so it is suspended
        // by backpressure); the client sends a 16 MiB body before it reads anything: it can only finish if the server
        // keeps reading the body while the response is suspended. The body goes to the spool file past 64 KiB.
        using var host = new LoopHost(_application, new ServerOptions { DisableLogging = true, BodyMemoryLimit = 64 * 1024 });
        using var client = new RawHttpClient(host.Endpoint);
        client.Socket.SendTimeout = 10_000;
        var body = TestApps.PatternBytes(16 * 1024 * 1024);

        client.Send($"POST /big-first HTTP/1.1\r\nHost: t\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        client.Send(body);
        var response = client.ReadResponse()!;

        Assert.Equal(16 * 1024 * 1024 + $"|received={body.Length} spooled=True".Length, response.Body.Length);
        Assert.EndsWith($"|received={body.Length} spooled=True", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientLeavesMidBody_HostAbortedAndTheLoopServesOn()
    {
        using var host = new LoopHost(_application);
        using (var client = new RawHttpClient(host.Endpoint))
        {
            var receiver = new SocketReceiver(client.Socket);
            client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nhalf");
            receiver.WaitFor("half");
        }

        Assert.Equal("/echo", _application.WaitForAbort());
        using var next = new RawHttpClient(host.Endpoint);
        next.Send("POST /whole HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnext");
        Assert.Equal("next", next.ReadResponse()!.Text);
    }

    [Fact]
    public void ClientStallsMidBody_AbortedAfterSocketTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = new LoopHost(_application, new ServerOptions { DisableLogging = true, SocketTimeoutSeconds = 4 }, time);
        using var client = new RawHttpClient(host.Endpoint);
        var receiver = new SocketReceiver(client.Socket);

        client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n");
        _application.WaitForPendingSteps(1);
        client.Send("some");
        receiver.WaitFor("some");
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(_application.Aborted.TryTake(out _, TimeSpan.FromMilliseconds(1500)), "aborted before --socket-timeout");
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("/echo", _application.WaitForAbort());
    }

    [Fact]
    public void ContentLengthOverLimitPost_413AndTheHostNeverRuns()
    {
        using var host = new LoopHost(_application, new ServerOptions { DisableLogging = true, LimitPost = 100 });
        using var client = new RawHttpClient(host.Endpoint);

        client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 101\r\n\r\n");

        Assert.Equal(413, client.ReadResponse()!.Status);
        Assert.Empty(_application.Events);
    }

    [Fact]
    public void ChunkedOverLimitPostBeforeTheHeadLeft_413AndHostAborted()
    {
        using var host = new LoopHost(_application, new ServerOptions { DisableLogging = true, LimitPost = 100 });
        using var client = new RawHttpClient(host.Endpoint);
        var chunk = $"3c\r\n{new string('x', 60)}\r\n";

        client.Send("POST /collect HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk);
        _application.WaitForPendingSteps(1);
        client.Send(chunk);
        var response = client.ReadResponse()!;

        Assert.Equal(413, response.Status);
        Assert.Equal("close", response.Headers["connection"]);
        Assert.Equal("/collect", _application.WaitForAbort());
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public void ChunkedOverLimitPostAfterTheHeadLeft_ResponseCutAndHostAborted()
    {
        using var host = new LoopHost(_application, new ServerOptions { DisableLogging = true, LimitPost = 100 });
        using var client = new RawHttpClient(host.Endpoint);
        var receiver = new SocketReceiver(client.Socket);
        var first = new string('a', 60);

        client.Send($"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3c\r\n{first}\r\n");
        receiver.WaitFor(first);
        client.Send($"3c\r\n{new string('b', 60)}\r\n");
        var response = receiver.ReadToEnd();

        Assert.Equal("/echo", _application.WaitForAbort());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.DoesNotContain("0\r\n\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public void PipelinedRequestAfterAStreamedBody_ServedAfterTheFirstResponse()
    {
        using var host = new LoopHost(_application);
        using var client = new RawHttpClient(host.Endpoint);

        client.Send("POST /collect HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n");
        _application.WaitForPendingSteps(1);
        client.Send("01234");
        _application.WaitForPendingSteps(2);
        client.Send("56789POST /whole-second HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecond");
        var first = client.ReadResponse()!;
        var second = client.ReadResponse()!;

        Assert.Equal("0123456789", first.Text);
        Assert.Equal("second", second.Text);
        Assert.Equal(
            ["invoke /collect complete=False", "done /collect waits=2 length=10", "invoke /whole-second complete=True", "done /whole-second waits=0 length=6"],
            _application.Events);
    }

    [Fact]
    public void HostAnswersBeforeTheBody_RestDroppedAndTheConnectionServesTheNextRequest()
    {
        using var host = new LoopHost(_application);
        using var client = new RawHttpClient(host.Endpoint);

        client.Send("POST /early HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n");
        var early = client.ReadResponse()!;
        client.Send("5\r\n56789\r\n0\r\n\r\nPOST /whole-next HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nnext");
        var next = client.ReadResponse()!;

        Assert.Equal("answered before the body", early.Text);
        Assert.False(early.Headers.ContainsKey("connection"));
        Assert.Equal("next", next.Text);
    }

    [Fact]
    public void HostThatDoesNotStream_BodyReceivedWholeBeforeItRuns()
    {
        using var host = new LoopHost(_application);
        using var client = new RawHttpClient(host.Endpoint);

        client.Send("POST /whole HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        foreach (var piece in new[] { "one;", "two;", "three" })
        {
            Thread.Sleep(20);
            client.Send($"{piece.Length:x}\r\n{piece}\r\n");
        }
        client.Send("0\r\n\r\n");
        var response = client.ReadResponse()!;

        Assert.Equal("one;two;three", response.Text);
        Assert.Equal(["invoke /whole complete=True", "done /whole waits=0 length=13"], _application.Events);
    }

    /// <summary>The 200 response's body in <paramref name="text"/> (after any 100 Continue), de-chunked when chunked.</summary>
    private static string BodyOf(string text)
    {
        var start = text.IndexOf("HTTP/1.1 200", StringComparison.Ordinal);
        var headEnd = text.IndexOf("\r\n\r\n", start, StringComparison.Ordinal) + 4;
        var head = text[start..headEnd];
        var rest = text[headEnd..];
        if (!head.Contains("Transfer-Encoding: chunked", StringComparison.Ordinal))
        {
            return rest;
        }
        var body = new System.Text.StringBuilder();
        while (true)
        {
            var lineEnd = rest.IndexOf("\r\n", StringComparison.Ordinal);
            var size = int.Parse(rest[..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }
            body.Append(rest, lineEnd + 2, size);
            rest = rest[(lineEnd + 2 + size + 2)..];
        }
    }
}
