using Gantry.Application;
using Gantry.Cgi.Tests.Infrastructure;

namespace Gantry.Cgi.Tests.Exchange;

/// <summary>
/// The body to the script's stdin and its output back, both at once and never blocking the loop: large bodies in both
/// directions, a spooled body, a slow client, a script that never reads its body, cgi-close-stdin-on-eof.
/// </summary>
[Collection(CgiProcessCollection.Name)]
public sealed class CgiExchangeStreamingTests : CgiLoopTest
{
    private const int OneMebibyte = 1 << 20;

    /// <summary>Echoes CONTENT_LENGTH bytes of stdin as it reads them.</summary>
    private const string EchoScript = "#!/bin/sh\nprintf 'Content-Type: application/octet-stream\\r\\n\\r\\n'\nexec head -c \"$CONTENT_LENGTH\"\n";

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Exchange_PostBody_ReachesStdin()
    {
        Tree.Script("cgi/echo.cgi", EchoScript);
        StartLoop();

        var response = Loop.Send(new TestRequest("POST", "/cgi/echo.cgi") { Body = "name=value&x=1"u8.ToArray() });

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("200 OK", response.Status);
        Assert.Equal("name=value&x=1", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_OneMebibyteEachWay_EchoedAsReadWithoutDeadlock()
    {
        // Far more than a pipe holds (64 KiB) in both directions: the script blocks writing unless its output is read
        // while its input is still being written.
        Tree.Script("cgi/echo.cgi", EchoScript);
        StartLoop();
        var body = RandomBytes(OneMebibyte, seed: 1);

        var response = Loop.Send(new TestRequest("POST", "/cgi/echo.cgi") { Body = body });

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal(body, response.Body);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_SpooledBody_EchoedWhole()
    {
        Tree.Script("cgi/echo.cgi", EchoScript);
        StartLoop();
        var body = RandomBytes(OneMebibyte + 12345, seed: 2);

        var response = Loop.Send(new TestRequest("POST", "/cgi/echo.cgi") { Body = body, BodyMemoryLimit = 16 * 1024 });

        Assert.True(response.Request.Body.IsSpooled);
        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal(body, response.Body);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_OneMebibyteToSlowClient_SuspendsAndCompletesWhole()
    {
        Tree.Script("cgi/big.cgi", "#!/bin/sh\nprintf 'Content-Type: application/octet-stream\\r\\n\\r\\n'\nexec head -c 1048576 /dev/zero\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/big.cgi"), slowClient: true);

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Contains(ApplicationStep.Suspended, response.Steps);
        Assert.Equal(OneMebibyte, response.Body.Length);
        Assert.All(response.Body, b => Assert.Equal(0, b));
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_ScriptExitsWithoutReadingBody_Completed()
    {
        Tree.Script("cgi/noread.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nignored the body'\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("POST", "/cgi/noread.cgi") { Body = RandomBytes(OneMebibyte, seed: 3) });

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("ignored the body", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_ScriptReadsPartOfBodyThenExits_Completed()
    {
        Tree.Script("cgi/partial.cgi", "#!/bin/sh\nhead -c 1000 > /dev/null\nprintf 'Content-Type: text/plain\\r\\n\\r\\nread 1000'\n");
        StartLoop();

        var response = Loop.Send(new TestRequest("POST", "/cgi/partial.cgi") { Body = RandomBytes(OneMebibyte, seed: 4) });

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("read 1000", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_CloseStdinOnEof_ScriptSeesEndOfBody()
    {
        // cat ends at end of input only: without cgi-close-stdin-on-eof stdin stays open until the response ends.
        Tree.Script("cgi/cat.cgi", "#!/bin/sh\nprintf 'Content-Type: application/octet-stream\\r\\n\\r\\n'\nexec cat\n");
        StartLoop(BaseOptions with { CloseStdinOnEof = true });
        var body = RandomBytes(300_000, seed: 5);

        var response = Loop.Send(new TestRequest("POST", "/cgi/cat.cgi") { Body = body });

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal(body, response.Body);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_CloseStdinOnEofWithoutBody_ScriptSeesEndAtOnce()
    {
        Tree.Script("cgi/cat.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\ncat\nprintf 'end'\n");
        StartLoop(BaseOptions with { CloseStdinOnEof = true });

        var response = Loop.Send(new TestRequest("GET", "/cgi/cat.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("end", response.Text);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_EightAtOnceOnOneLoop_EachGetsItsOwnEcho()
    {
        Tree.Script("cgi/echo.cgi", EchoScript);
        StartLoop();
        var bodies = Enumerable.Range(0, 8).Select(i => RandomBytes(200_000 + i, seed: 10 + i)).ToArray();

        var responses = bodies.Select(body => Loop.Send(new TestRequest("POST", "/cgi/echo.cgi") { Body = body })).ToArray();

        for (var i = 0; i < bodies.Length; i++)
        {
            Assert.Equal(TestOutcome.Completed, responses[i].Wait());
            Assert.Equal(bodies[i], responses[i].Body);
        }
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_HeadSplitAcrossWrites_ParsedWhole()
    {
        Tree.Script("cgi/slow-head.cgi", """
            #!/bin/sh
            printf 'Status: 200 OK\r\nContent-'
            sleep 0.05
            printf 'Type: text/plain\r\n'
            sleep 0.05
            printf '\r\nbody in '
            sleep 0.05
            printf 'three pieces'
            """);
        StartLoop();

        var response = Loop.Send(new TestRequest("GET", "/cgi/slow-head.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("text/plain", response.Header("Content-Type"));
        Assert.Equal("body in three pieces", response.Text);
        Loop.AssertNothingLeft();
    }
}
