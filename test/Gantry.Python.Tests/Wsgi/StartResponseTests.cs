using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Wsgi;

/// <summary>start_response() as PEP 3333 specifies it, exc_info rules and header validation included.</summary>
[Collection(PythonCollection.Name)]
public sealed class StartResponseTests(PythonFixture python)
{
    private WsgiResponse Call(string callable, string query = "", RecordingSink? sink = null)
    {
        using var request = Requests.Create(query: query);
        return python.Run(() => python.Application("start_response_app.py", callable).Call(request, sink));
    }

    [Fact]
    public void StartResponse_ExcInfoBeforeCommit_ReplacesStatusAndHeaders()
    {
        var response = Call("replace_before_commit");

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("500 Internal Server Error", response.Sink.Status);
        Assert.Equal([("Content-Type", "text/plain"), ("X-Error", "1")], response.Sink.Headers);
        Assert.Equal("error page", response.Sink.BodyText);
    }

    [Fact]
    public void StartResponse_ExcInfoAfterCommit_ReRaisesThatException()
    {
        var response = Call("reraise_after_commit");

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("200 OK", response.Sink.Status);
        Assert.Equal("partial reraised", response.Sink.BodyText);
    }

    [Fact]
    public void StartResponse_ExcInfoAfterWriteOnAStagingSink_BlockFlushedFirstThenReRaises()
    {
        var response = Call("reraise_after_commit", sink: new RecordingSink { Staging = true });

        // A sink that would hold a small body back still gets write()'s bytes flushed before write() returns, so the
        // head is out when start_response(exc_info) runs, and it re-raises (PEP 3333).
        Assert.True(response.Sink.HeadersCommitted);
        Assert.Equal([7L], response.Sink.Flushes);
        Assert.Equal("200 OK", response.Sink.Status);
        Assert.Equal("partial reraised", response.Sink.BodyText);
    }

    [Fact]
    public void StartResponse_ReRaisedExceptionEscapes_FailsAndLogsIt()
    {
        var before = python.Logs.WithEvent(2020).Count;

        var response = Call("reraise_escapes");

        Assert.Equal(ApplicationStep.Failed, response.Step);
        Assert.True(response.Sink.HeadersCommitted);
        Assert.Equal("partial", response.Sink.BodyText);
        Assert.Contains("KeyError: 'escaped'", python.Logs.WithEvent(2020)[before].Message);
    }

    [Fact]
    public void StartResponse_SecondCallWithoutExcInfo_RaisesAssertionError()
    {
        var response = Call("twice_without_exc_info");

        Assert.Equal("refused", response.Sink.BodyText);
        Assert.Equal("200 OK", response.Sink.Status);
    }

    [Fact]
    public void StartResponse_KeywordArguments_AreAccepted()
    {
        var response = Call("keyword_exc_info");

        Assert.Equal("404 Not Found", response.Sink.Status);
        Assert.Equal([("X-B", "2")], response.Sink.Headers);
    }

    [Theory]
    [InlineData("status-no-space", "ValueError")]
    [InlineData("status-letters", "ValueError")]
    [InlineData("status-short", "ValueError")]
    [InlineData("status-crlf", "ValueError")]
    [InlineData("status-bytes", "TypeError")]
    [InlineData("header-name-space", "ValueError")]
    [InlineData("header-value-newline", "ValueError")]
    [InlineData("header-value-euro", "TypeError")]
    [InlineData("header-bytes", "TypeError")]
    [InlineData("header-triple", "TypeError")]
    [InlineData("headers-dict", "TypeError")]
    public void StartResponse_InvalidStatusOrHeaders_RaisesInTheApplication(string testCase, string exception)
    {
        var response = Call("validation", testCase);

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal([("X-Outcome", exception)], response.Sink.Headers);
        Assert.NotEmpty(response.Sink.BodyText);
    }

    [Fact]
    public void StartResponse_Latin1HeaderValue_ReachesTheSinkAsLatin1Bytes()
    {
        var response = Call("validation", "header-value-latin1");

        Assert.Equal([("X-A", "caf\u00e9")], response.Sink.Headers);
    }

    [Fact]
    public void StartResponse_BareStatusCode_GetsTheSpaceBeforeAnEmptyReason()
    {
        Assert.Equal("204 ", Call("validation", "status-bare-code").Sink.Status);
    }

    [Fact]
    public void StartResponse_HeadersAsTuple_AreAccepted()
    {
        Assert.Equal([("X-A", "1")], Call("validation", "headers-tuple").Sink.Headers);
    }

    [Fact]
    public void StartResponse_HopByHopHeaders_AreDroppedAndLoggedOnce()
    {
        var first = Call("validation", "hop-by-hop");
        var second = Call("validation", "hop-by-hop");

        Assert.Equal([("X-Kept", "1")], first.Sink.Headers);
        Assert.Equal([("X-Kept", "1")], second.Sink.Headers);
        var warnings = python.Logs.WithEvent(2022).Select(entry => entry.Message).ToArray();
        Assert.Single(warnings, message => message.Contains("Connection", StringComparison.Ordinal));
        Assert.Single(warnings, message => message.Contains("Transfer-Encoding", StringComparison.Ordinal));
    }
}
