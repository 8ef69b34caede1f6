using Gantry.Application;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>
/// A C# application for loop tests: a delegate per request, or a streamed body of fixed chunks that
/// honours backpressure (returns Suspended when the sink says so) and records what happened.
/// </summary>
internal sealed class TestApplication : IApplicationThread
{
    private readonly Func<RequestContext, IResponseSink, ApplicationStep>? _handler;
    private readonly byte[]? _chunk;
    private readonly int _chunks;
    private readonly ManualResetEventSlim _suspended = new();

    public TestApplication(Func<RequestContext, IResponseSink, ApplicationStep> handler) => _handler = handler;

    public TestApplication(int chunkSize, int chunks)
    {
        _chunk = new byte[chunkSize];
        for (var i = 0; i < chunkSize; i++)
        {
            _chunk[i] = (byte)('a' + i % 26);
        }
        _chunks = chunks;
    }

    public int Suspensions;
    public int Aborts;
    public int Completions;

    /// <summary>Waits until the streamed response has paused at least once; false when it did not within <paramref name="timeout"/>.</summary>
    public bool WaitUntilSuspended(TimeSpan timeout) => _suspended.Wait(timeout);

    /// <summary>Never: these applications take their bodies whole, as a WSGI host does.</summary>
    public bool StreamsRequestBody(RequestContext request) => false;

    public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
    {
        continuation = null;
        if (_handler is not null)
        {
            return _handler(request, response);
        }
        response.SetStatus("200 OK"u8);
        response.AddHeader("Content-Type"u8, "text/plain"u8);
        var stream = new Stream(this);
        var step = stream.Resume(response);
        continuation = step == ApplicationStep.Suspended ? stream : null;
        return step;
    }

    public void EnterWait()
    {
    }

    public void LeaveWait()
    {
    }

    public void Dispose()
    {
    }

    private sealed class Stream(TestApplication owner) : IResponseContinuation
    {
        private int _sent;

        public ApplicationStep Resume(IResponseSink response)
        {
            while (_sent < owner._chunks)
            {
                _sent++;
                if (!response.Write(owner._chunk))
                {
                    Interlocked.Increment(ref owner.Suspensions);
                    owner._suspended.Set();
                    return ApplicationStep.Suspended;
                }
            }
            Interlocked.Increment(ref owner.Completions);
            return ApplicationStep.Completed;
        }

        public void Abort() => Interlocked.Increment(ref owner.Aborts);
    }
}
