using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Wsgi;

/// <summary>
/// PEP 3333 "Buffering and Streaming": a block an iterable yields is sent before the next one is asked for, unless
/// every block is already in hand (a list, a tuple, or their iterators), which may be staged and sent at once.
/// The sink records the body length at each flush, so the order of writes and flushes is visible.
/// </summary>
[Collection(PythonCollection.Name)]
public sealed class ResponseStreamingTests(PythonFixture python)
{
    private WsgiResponse CallToEnd(string path, int count, RecordingSink? sink = null)
    {
        using var request = Requests.Create(path: path, query: count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return python.Run(() => python.Application("iteration_app.py").CallToEnd(request, sink));
    }

    private int Closes()
    {
        using var request = Requests.Create(path: "/closes");
        return int.Parse(python.Run(() => python.Application("iteration_app.py").Call(request)).Sink.BodyText, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Generator_EachBlock_FlushedBeforeTheNextIsAsked()
    {
        var response = CallToEnd("/chunks", 3);

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("0,1,2,", response.Sink.BodyText);
        Assert.Equal([2L, 4L, 6L], response.Sink.Flushes);
    }

    [Fact]
    public void Generator_ClientSlowerThanTheFlush_SuspendsAfterEveryBlock()
    {
        var response = CallToEnd("/chunks", 3, new RecordingSink { FlushLeavesPending = true });

        // The loop resumes the iterable only once the block left, so the next block is asked for after that.
        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal(3, response.Suspensions);
        Assert.Equal("0,1,2,", response.Sink.BodyText);
    }

    [Fact]
    public void Generator_EmptyBlocks_FlushNothing()
    {
        var response = CallToEnd("/lazy-start", 0);

        // The empty first block leaves the head unsent (PEP 3333: headers go with the first non-empty block).
        Assert.Equal([5L, 10L], response.Sink.Flushes);
        Assert.Equal("late start", response.Sink.BodyText);
    }

    [Theory]
    [InlineData("/list")]
    [InlineData("/list-iterator")]
    public void BlocksAlreadyInHand_StagedWithoutFlushing(string path)
    {
        var response = CallToEnd(path, 3);

        // No application code runs between these blocks, so the front may send them with a Content-Length in one go.
        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal(9, response.Sink.Body.Length);
        Assert.Empty(response.Sink.Flushes);
    }

    [Fact]
    public void ListIterator_OfAResponseObject_ItsCloseStillCalled()
    {
        var before = Closes();

        CallToEnd("/list-iterator", 2);

        Assert.Equal(before + 1, Closes());
    }
}
