using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Wsgi;

/// <summary>Walking response iterables: pausing and resuming, close() on every ending, non-bytes items.</summary>
[Collection(PythonCollection.Name)]
public sealed class ResponseIterationTests(PythonFixture python)
{
    private static RequestContext Request(string path, int count = 0) =>
        Requests.Create(path: path, query: count == 0 ? "" : count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private int Closes()
    {
        using var request = Request("/closes");
        return int.Parse(python.Run(() => python.Application("iteration_app.py").Call(request)).Sink.BodyText, System.Globalization.CultureInfo.InvariantCulture);
    }

    private WsgiResponse CallToEnd(string path, int count = 0, RecordingSink? sink = null)
    {
        using var request = Request(path, count);
        return python.Run(() => python.Application("iteration_app.py").CallToEnd(request, sink));
    }

    [Fact]
    public void Iterable_SinkPausesEveryTwoWrites_SuspendsAndResumesToTheEnd()
    {
        var closes = Closes();

        var response = CallToEnd("/chunks", 10, new RecordingSink { PauseEvery = 2 });

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal(5, response.Suspensions);
        Assert.Equal(string.Concat(Enumerable.Range(0, 10).Select(i => $"{i},")), response.Sink.BodyText);
        Assert.Equal(closes + 1, Closes());
    }

    [Fact]
    public void List_SinkPauses_ResumesAtTheNextItem()
    {
        var response = CallToEnd("/list", 7, new RecordingSink { PauseEvery = 3 });

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal(2, response.Suspensions);
        Assert.Equal(string.Concat(Enumerable.Range(0, 7).Select(i => $"x{i},")), response.Sink.BodyText);
    }

    [Fact]
    public void Tuple_IsWrittenItemByItem()
    {
        Assert.Equal("abc", CallToEnd("/tuple").Sink.BodyText);
    }

    [Fact]
    public void Bytes_ReturnedDirectly_IsTheWholeBodyAsInUwsgi()
    {
        var response = CallToEnd("/bytes");

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("plain bytes", response.Sink.BodyText);
    }

    [Fact]
    public void Generator_SuspendedThenAborted_IsClosed()
    {
        var closes = Closes();
        using var request = Request("/generator", 100);

        var aborted = python.Run(() =>
        {
            var thread = python.Application("iteration_app.py");
            var response = thread.Call(request, new RecordingSink { PauseEvery = 1 });
            Assert.Equal(ApplicationStep.Suspended, response.Step);
            response.Continuation!.Abort();
            return response;
        });

        Assert.Equal("0;", aborted.Sink.BodyText);
        Assert.Equal(closes + 1, Closes());
    }

    [Fact]
    public void Generator_CallingStartResponseLazily_Works()
    {
        var response = CallToEnd("/lazy-start");

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal([("X-Lazy", "1")], response.Sink.Headers);
        Assert.Equal("late start", response.Sink.BodyText);
    }

    [Fact]
    public void Iterable_NonBytesItem_FailsWithTypeErrorAndCloses()
    {
        var closes = Closes();
        var errors = python.Logs.WithEvent(2020).Count;

        var response = CallToEnd("/not-bytes");

        Assert.Equal(ApplicationStep.Failed, response.Step);
        Assert.Equal("ok", response.Sink.BodyText);
        Assert.Contains("TypeError: WSGI response iterable items must be bytes (PEP 3333), not str", python.Logs.WithEvent(2020)[errors].Message);
        Assert.Equal(closes + 1, Closes());
    }

    [Fact]
    public void Iterable_RaisingMidStream_FailsAfterTheHeadAndCloses()
    {
        var closes = Closes();
        var errors = python.Logs.WithEvent(2020).Count;

        var response = CallToEnd("/fail-mid-stream");

        Assert.Equal(ApplicationStep.Failed, response.Step);
        Assert.True(response.Sink.HeadersCommitted);
        Assert.Equal("first", response.Sink.BodyText);
        Assert.Contains("RuntimeError: failed mid-stream", python.Logs.WithEvent(2020)[errors].Message);
        Assert.Equal(closes + 1, Closes());
    }

    [Fact]
    public void Close_Raising_IsLoggedAndTheResponseStillCompletes()
    {
        var closeErrors = python.Logs.WithEvent(2021).Count;

        var response = CallToEnd("/close-raises");

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("body", response.Sink.BodyText);
        Assert.Contains("OSError: close failed", python.Logs.WithEvent(2021)[closeErrors].Message);
    }

    [Fact]
    public void Iterable_WithoutStartResponse_Fails()
    {
        Assert.Equal(ApplicationStep.Failed, CallToEnd("/no-start-response").Step);
        Assert.Equal(ApplicationStep.Failed, CallToEnd("/body-before-start").Step);
    }

    [Fact]
    public void Responses_OfEveryShape_LeaveNoOwnedReferenceBehind()
    {
        var paths = new[] { "/chunks", "/list", "/tuple", "/bytes", "/not-bytes", "/fail-mid-stream", "/close-raises", "/lazy-start", "/generator" };

        var outstanding = python.Run(() =>
        {
            var thread = python.Application("iteration_app.py");
            var before = PyOwned.Outstanding;
            foreach (var path in paths)
            {
                using var request = Request(path, 3);
                thread.CallToEnd(request, new RecordingSink { PauseEvery = 2 });
            }
            return (PyOwned.Outstanding - before, CPython.ErrorPending);
        });

        Assert.Equal((0, false), outstanding);
    }
}
