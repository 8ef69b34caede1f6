using System.Text;
using System.Text.Json;
using Gantry.Application;
using Gantry.Python.Asgi;
using Gantry.Python.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Tests.Asgi;

/// <summary>
/// The ASGI host called as a loop calls it, on a loop that never runs: whatever completes here completed eagerly,
/// inside Invoke, without the asyncio loop iterating once (the hot path).
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class AsgiHostTests(PythonFixture python)
{
    [Fact]
    public void Hello_CompletesInsideInvokeWithoutTheLoop()
    {
        var (step, sink) = Call(Requests.Create());

        Assert.Equal(ApplicationStep.Completed, step);
        Assert.Equal("200 OK", sink.Status);
        Assert.Equal([("content-type", "text/plain")], sink.Headers);
        Assert.Equal("Hello, ASGI", sink.BodyText);
    }

    [Fact]
    public void Status_WithoutItsPhraseAndHopByHopHeaders_PhraseAddedConnectionDropped()
    {
        var (step, sink) = Call(Requests.Create(path: "/status"));

        Assert.Equal(ApplicationStep.Completed, step);
        Assert.Equal("201 Created", sink.Status);
        Assert.Equal([("x-a", "1")], sink.Headers);
    }

    [Fact]
    public void CurrentTask_DuringTheEagerStep_IsARealTask()
    {
        var (_, sink) = Call(Requests.Create(path: "/current-task"));

        Assert.Equal("Task", sink.BodyText);
    }

    [Fact]
    public void Scope_FromTheCgiVariables()
    {
        var (_, sink) = Call(Requests.Create(path: "/scope", query: "x=%20", https: true, headers: [("X-Thing", "v")]));

        using var scope = JsonDocument.Parse(sink.BodyText);
        var root = scope.RootElement;
        Assert.Equal("http", root.GetProperty("type").GetString());
        Assert.Equal("GET", root.GetProperty("method").GetString());
        Assert.Equal("https", root.GetProperty("scheme").GetString());
        Assert.Equal("/scope", root.GetProperty("path").GetString());
        Assert.Equal("/scope", root.GetProperty("raw_path").GetString());
        Assert.Equal("x=%20", root.GetProperty("query_string").GetString());
        Assert.Equal("1.1", root.GetProperty("http_version").GetString());
        Assert.Equal(["127.0.0.1", "54321"], root.GetProperty("client").EnumerateArray().Select(e => e.ToString()));
        Assert.Equal(["localhost", "443"], root.GetProperty("server").EnumerateArray().Select(e => e.ToString()));
        Assert.Contains(["x-thing", "v"], root.GetProperty("headers").EnumerateArray().Select(h => h.EnumerateArray().Select(e => e.GetString()!).ToArray()));
    }

    [Fact]
    public void Receive_WholeBody_OneHttpRequestWithoutMoreBody()
    {
        var (_, sink) = Call(Requests.Post("/echo", Encoding.ASCII.GetBytes("hello")));

        Assert.Equal("http.request 5 False", sink.BodyText);
    }

    [Fact]
    public void Receive_BodyStillArriving_WhatCameSoFarWithMoreBody()
    {
        using var request = Requests.Post("/echo", Encoding.ASCII.GetBytes("abc"));
        request.Body.MarkIncomplete();

        var (_, sink) = Call(request);

        Assert.Equal("http.request 3 True", sink.BodyText);
    }

    [Fact]
    public void MoreBody_EachBlockFlushedAsItIsSent()
    {
        var (step, sink) = Call(Requests.Create(path: "/blocks"));

        Assert.Equal(ApplicationStep.Completed, step);
        Assert.Equal("onetwo", sink.BodyText);
        Assert.Equal(2, sink.Flushes.Count);
    }

    [Fact]
    public void MoreBody_BlockNotAllSent_SuspendedUntilItLeft()
    {
        var step = python.Run(() => WithThread(thread =>
        {
            var sink = new RecordingSink { FlushLeavesPending = true };
            var first = thread.Invoke(Requests.Create(path: "/blocks"), sink, out var continuation);
            continuation?.Abort();
            return first;
        }));

        Assert.Equal(ApplicationStep.Suspended, step);
    }

    [Fact]
    public void AwaitingSomethingElse_Pending()
    {
        var (step, _) = Call(Requests.Create(path: "/sleep"));

        Assert.Equal(ApplicationStep.Pending, step);
    }

    [Fact]
    public void Exception_FailedWithTheTracebackLogged()
    {
        var (step, _) = Call(Requests.Create(path: "/error"));

        Assert.Equal(ApplicationStep.Failed, step);
        Assert.Contains(python.Logs.Entries, entry => entry.Message.Contains("asgi-unit-marker", StringComparison.Ordinal)
            && entry.Message.Contains("error in the ASGI app (GET /error)", StringComparison.Ordinal));
    }

    [Fact]
    public void NoResponse_FailedAndLogged()
    {
        var (step, _) = Call(Requests.Create(path: "/nothing-here"));

        Assert.Equal(ApplicationStep.Failed, step);
        Assert.Contains(python.Logs.Entries, entry => entry.Message.Contains("returned without starting its response", StringComparison.Ordinal));
    }

    [Fact]
    public void Hello_Repeatedly_LeaksNoSlotAndNoReference()
    {
        var outstanding = python.Run(() => WithThread(thread =>
        {
            using var request = Requests.Create();
            for (var i = 0; i < 50; i++)
            {
                thread.Invoke(request, new RecordingSink(), out _);
            }
            var before = Native.PyOwned.Outstanding;
            for (var i = 0; i < 200; i++)
            {
                thread.Invoke(request, new RecordingSink(), out _);
            }
            return Native.PyOwned.Outstanding - before;
        }));

        Assert.Equal(0, outstanding);
    }

    private (ApplicationStep Step, RecordingSink Sink) Call(RequestContext request)
    {
        using (request)
        {
            return python.Run(() => WithThread(thread =>
            {
                var sink = new RecordingSink();
                var step = thread.Invoke(request, sink, out var continuation);
                continuation?.Abort();
                return (step, sink);
            }));
        }
    }

    /// <summary>An ASGI thread (loop thread 1, so no lifespan) for the test, disposed after: its asyncio loop closes.</summary>
    private T WithThread<T>(Func<IApplicationThread, T> work)
    {
        var application = (AsgiApplication)python.Runtime.LoadHost(
            new PythonHostOptions
            {
                Module = "asgi_app",
                Callable = "app",
                PythonPath = [Path.GetDirectoryName(PythonFixture.AppPath("asgi_app.py"))!],
                Asgi = new AsgiOptions { Lifespan = AsgiLifespanMode.Off },
            },
            python.Logs.CreateLogger("Gantry.Python"), AsgiHostLoader.Instance);
        using var loop = new IdleLoop();
        try
        {
            using var thread = application.AttachCurrentHolder(1, loop.Services);
            return work(thread);
        }
        finally
        {
            application.Release();
        }
    }
}
