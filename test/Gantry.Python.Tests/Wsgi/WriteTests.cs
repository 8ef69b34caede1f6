using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Wsgi;

/// <summary>The write() callable start_response returns.</summary>
[Collection(PythonCollection.Name)]
public sealed class WriteTests(PythonFixture python)
{
    private WsgiResponse Call(string callable, RecordingSink? sink = null)
    {
        using var request = Requests.Create();
        return python.Run(() => python.Application("write_app.py", callable).Call(request, sink));
    }

    [Fact]
    public void Write_ThenReturnedItems_AllReachTheSinkInOrder()
    {
        var response = Call("application");

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("abcd", response.Sink.BodyText);
        Assert.Equal(0, response.Sink.DrainCount);
    }

    [Fact]
    public void Write_SinkAboveHighWaterMark_DrainsBeforeReturning()
    {
        var response = Call("application", new RecordingSink { PauseEvery = 1 });

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("abcd", response.Sink.BodyText);
        Assert.Equal(3, response.Sink.DrainCount);
    }

    [Fact]
    public void Write_EachNonEmptyCall_FlushedBeforeItReturns()
    {
        var response = Call("application");

        // PEP 3333: write() returns once its bytes were sent (nothing transmits while the application runs);
        // the empty write sends nothing, and the returned list is staged as any list.
        Assert.Equal([1L, 2L, 3L], response.Sink.Flushes);
    }

    [Fact]
    public void Write_ClientSlowerThanTheFlush_DrainsBeforeReturning()
    {
        var response = Call("application", new RecordingSink { FlushLeavesPending = true });

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("abcd", response.Sink.BodyText);
        Assert.Equal(3, response.Sink.DrainCount);
    }

    [Fact]
    public void Write_NotBytes_FailsWithTypeError()
    {
        var before = python.Logs.WithEvent(2020).Count;

        var response = Call("write_text");

        Assert.Equal(ApplicationStep.Failed, response.Step);
        Assert.Contains("TypeError: WSGI write() data must be bytes (PEP 3333), not str", python.Logs.WithEvent(2020)[before].Message);
    }

    [Fact]
    public void Write_ClientGone_RaisesInTheAppAndFailsQuietly()
    {
        var errorsBefore = python.Logs.WithEvent(2020).Count;
        var goneBefore = python.Logs.WithEvent(2023).Count;

        var response = Call("write_until_gone", new RecordingSink { DisconnectAtWrite = 3 });

        Assert.Equal(ApplicationStep.Failed, response.Step);
        Assert.Equal("xxxxxxxxxxxxxxxxxxxx", response.Sink.BodyText);
        Assert.Equal(errorsBefore, python.Logs.WithEvent(2020).Count);
        Assert.Equal(goneBefore + 1, python.Logs.WithEvent(2023).Count);
    }
}
