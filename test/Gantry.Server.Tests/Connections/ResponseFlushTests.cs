using System.Net.Sockets;
using System.Text;
using Gantry.Application;
using Gantry.Server.Listeners;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Connections;

/// <summary>
/// <see cref="IResponseSink.Flush"/> on every front: a flushed block reaches the client while the application still
/// runs (the handler waits for the client to have seen it), and a response that fails after its head went out ends
/// so that the client cannot take it for a whole one.
/// </summary>
public sealed class ResponseFlushTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Writes "first", flushes, waits until the client saw it (10 s at most), writes "second".</summary>
    private static TestApplication Handshake(ManualResetEventSlim clientSawFirst, List<bool> flushResults) => new((request, response) =>
    {
        response.SetStatus("200 OK"u8);
        response.AddHeader("Content-Type"u8, "text/plain"u8);
        response.Write("first;"u8);
        flushResults.Add(response.Flush());
        response.Write(clientSawFirst.Wait(Bound) ? "second"u8 : "waited"u8);
        return ApplicationStep.Completed;
    });

    [Theory]
    [InlineData("HTTP/1.1", "Transfer-Encoding: chunked")]
    [InlineData("HTTP/1.0", "Connection: close")]
    public void Http_FlushedBlock_ReachesTheClientWhileTheApplicationRuns(string version, string framingHeader)
    {
        using var clientSawFirst = new ManualResetEventSlim();
        var flushResults = new List<bool>();
        using var host = new LoopHost(Handshake(clientSawFirst, flushResults));
        using var client = new RawHttpClient(host.Endpoint);

        client.Send($"GET / {version}\r\nHost: t\r\nConnection: close\r\n\r\n");
        var received = ReceiveUntil(client.Socket, "first;");
        clientSawFirst.Set();
        received += Encoding.Latin1.GetString(ReceiveToEnd(client.Socket));

        Assert.Contains(framingHeader, received, StringComparison.Ordinal);
        Assert.EndsWith(version == "HTTP/1.1" ? "6\r\nfirst;\r\n6\r\nsecond\r\n0\r\n\r\n" : "first;second", received, StringComparison.Ordinal);
        Assert.Equal([true], flushResults);
    }

    [Fact]
    public void Uwsgi_FlushedBlock_ReachesTheClientWhileTheApplicationRuns()
    {
        using var clientSawFirst = new ManualResetEventSlim();
        var flushResults = new List<bool>();
        using var host = new FrontHost(ListenerProtocol.Uwsgi, Handshake(clientSawFirst, flushResults));
        using var client = new UwsgiClient(host.Endpoint);

        client.Send(UwsgiClient.Packet(UwsgiClient.NginxGet()));
        var received = ReceiveUntil(client.Socket, "first;");
        clientSawFirst.Set();
        received += Encoding.Latin1.GetString(client.ReadToEnd());

        Assert.EndsWith("\r\n\r\nfirst;second", received, StringComparison.Ordinal);
    }

    [Fact]
    public void Flush_BeforeAnyBodyByte_LeavesTheHeadOpen()
    {
        var committed = new List<bool>();
        using var host = new LoopHost(new TestApplication((request, response) =>
        {
            response.SetStatus("200 OK"u8);
            response.Flush();
            committed.Add(response.HeadersCommitted);
            // PEP 3333: nothing is sent before the first body byte, so the head may still be replaced.
            response.SetStatus("404 Not Found"u8);
            response.Write("gone"u8);
            return ApplicationStep.Completed;
        }));
        using var client = new RawHttpClient(host.Endpoint);

        client.Send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        var response = client.ReadResponse()!;

        Assert.Equal([false], committed);
        Assert.Equal(404, response.Status);
        Assert.Equal("4", response.Headers["content-length"]);
    }

    [Fact]
    public void Http11_FailureAfterAFlushedBlock_ChunkedBodyEndsWithoutItsLastChunk()
    {
        using var host = new LoopHost(FailingAfterFirstBlock());
        using var client = new RawHttpClient(host.Endpoint);

        client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        var received = Encoding.Latin1.GetString(ReceiveToEnd(client.Socket));

        Assert.EndsWith("6\r\nfirst;\r\n", received, StringComparison.Ordinal);
    }

    [Fact]
    public void Http10_FailureAfterAFlushedBlock_ConnectionReset()
    {
        using var host = new LoopHost(FailingAfterFirstBlock());
        using var client = new RawHttpClient(host.Endpoint);

        // A close-delimited body ends with the connection: only a reset says it is not whole.
        client.Send("GET / HTTP/1.0\r\nHost: t\r\n\r\n");
        ReceiveUntil(client.Socket, "first;");

        Assert.Equal(SocketError.ConnectionReset, ReceiveError(client.Socket));
    }

    [Theory]
    [InlineData(ListenerProtocol.Uwsgi)]
    [InlineData(ListenerProtocol.FastCgi)]
    public void Gateway_FailureAfterAFlushedBlock_ConnectionReset(ListenerProtocol protocol)
    {
        using var host = new FrontHost(protocol, FailingAfterFirstBlock());
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = (int)Bound.TotalMilliseconds };
        socket.Connect(host.Endpoint);

        // nginx takes the end of a uwsgi or FastCGI connection for the end of the response: only a reset makes it
        // report an upstream error and cut its own response to the client.
        socket.Send(protocol == ListenerProtocol.Uwsgi ? UwsgiClient.Packet(UwsgiClient.NginxGet()) : FastCgiClient.Request(1, FastCgiClient.NginxParams()));
        ReceiveUntil(socket, "first;");

        Assert.Equal(SocketError.ConnectionReset, ReceiveError(socket));
    }

    private static TestApplication FailingAfterFirstBlock() => new((request, response) =>
    {
        response.SetStatus("200 OK"u8);
        response.Write("first;"u8);
        response.Flush();
        return ApplicationStep.Failed;
    });

    private static string ReceiveUntil(Socket socket, string marker)
    {
        socket.ReceiveTimeout = (int)Bound.TotalMilliseconds;
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var count = socket.Receive(buffer);
            Assert.True(count > 0, $"the connection closed before \"{marker}\" arrived: {received}");
            received.Append(Encoding.Latin1.GetString(buffer, 0, count));
        }
        return received.ToString();
    }

    private static byte[] ReceiveToEnd(Socket socket)
    {
        socket.ReceiveTimeout = (int)Bound.TotalMilliseconds;
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int count;
        while ((count = socket.Receive(buffer)) > 0)
        {
            received.Write(buffer, 0, count);
        }
        return received.ToArray();
    }

    /// <summary>Reads until the connection ends; the socket error that ended it (Success for a plain end of stream).</summary>
    private static SocketError ReceiveError(Socket socket)
    {
        try
        {
            ReceiveToEnd(socket);
            return SocketError.Success;
        }
        catch (SocketException exception)
        {
            return exception.SocketErrorCode;
        }
    }
}
