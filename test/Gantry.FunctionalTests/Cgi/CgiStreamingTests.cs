using System.Diagnostics;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// A script's output reaches the client as the script writes it, not when the script ends: stream.cgi writes its
/// first block, then waits for the client's go file before it creates its second-X marker and writes the second
/// block. A client holding the first block while second-X does not exist has proved the order, whatever the load on
/// the machine (no timing is asserted; the client's clock is only reported).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class CgiStreamingTests(CgiGantryFixture fixture) : IClassFixture<CgiGantryFixture>
{
    [Theory]
    [InlineData("HTTP/1.1")]
    [InlineData("HTTP/1.0")]
    public async Task SlowScript_Http_FirstBlockArrivesBeforeTheScriptWritesTheSecond(string version)
    {
        var id = Guid.NewGuid().ToString("N");
        await using var probe = await HttpProbe.ConnectAsync(fixture.Http);
        var clock = Stopwatch.StartNew();

        await probe.SendAsync($"GET /cgi-bin/stream.cgi?id={id} {version}\r\nHost: cgi.test\r\nConnection: close\r\n\r\n");
        var response = await HandshakeAsync(probe, id, clock, () => probe.ReadResponseAsync());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("first\nsecond\n", response.BodyText);
        if (version == "HTTP/1.1")
        {
            Assert.Equal(HttpBodyFraming.Chunked, response.Framing);
            Assert.Equal("first\n".Length, response.ChunkSizes[0]);
        }
    }

    [Fact]
    public async Task SlowScript_UwsgiSocket_FirstBlockArrivesBeforeTheScriptWritesTheSecond()
    {
        var id = Guid.NewGuid().ToString("N");
        await using var probe = await HttpProbe.ConnectAsync(fixture.Uwsgi);
        var clock = Stopwatch.StartNew();

        await probe.SendAsync(UwsgiRequest.Encode(
        [
            new("REQUEST_METHOD", "GET"), new("REQUEST_URI", $"/cgi-bin/stream.cgi?id={id}"), new("PATH_INFO", "/cgi-bin/stream.cgi"),
            new("QUERY_STRING", $"id={id}"), new("SERVER_PROTOCOL", "HTTP/1.1"), new("SERVER_NAME", "cgi.test"),
            new("SERVER_PORT", "80"), new("REMOTE_ADDR", "127.0.0.1"), new("REMOTE_PORT", "50000"), new("HTTP_HOST", "cgi.test"),
        ]));
        var raw = await HandshakeAsync(probe, id, clock, () => probe.ReadToEndAsync());
        var text = System.Text.Encoding.Latin1.GetString(raw);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nfirst\nsecond\n", text, StringComparison.Ordinal);
    }

    /// <summary>Waits for the first block, checks the script has not reached its second, lets it go, reads the rest.</summary>
    private async Task<T> HandshakeAsync<T>(HttpProbe probe, string id, Stopwatch clock, Func<Task<T>> readRest)
    {
        await probe.WaitForBytesAsync("first\n");
        var firstAt = clock.Elapsed;
        var secondWritten = File.Exists(fixture.Site.Marker("second-" + id));
        await File.WriteAllTextAsync(fixture.Site.Marker("go-" + id), "go");
        var rest = await readRest();
        var endAt = clock.Elapsed;

        Assert.False(secondWritten,
            $"the first block reached the client only after the script began its second (client clock: first block at "
            + $"{firstAt.TotalMilliseconds:0} ms, end at {endAt.TotalMilliseconds:0} ms)\n{fixture.Gantry.Output}");
        Assert.True(File.Exists(fixture.Site.Marker("second-" + id)), "the script never reached its second block");
        return rest;
    }
}
