using System.Text;
using Gantry.Application;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>
/// One request's connection, in memory: the <see cref="IResponseSink"/> a CGI exchange writes to, driven the way
/// Gantry.Server's Connection drives a host (a Continue during a step resumes right after it; a Pending step is
/// resumed on Continue; a Suspended one once the client drained; a client that leaves aborts a paused response).
/// A fast client takes everything at once; a slow one (<see cref="SlowClient"/>) leaves output unsent until
/// <see cref="ClientDrains"/>, so Flush reports false and the host suspends. Everything but <see cref="Wait"/> and the
/// results it guards runs on the loop thread.
/// </summary>
internal sealed class TestResponse : IResponseSink
{
    private readonly TaskCompletionSource<TestOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MemoryStream _body = new();
    private readonly List<(string Name, string Value)> _headers = [];
    private readonly List<ApplicationStep> _steps = [];
    private readonly ManualResetEventSlim _suspended = new();
    private IResponseContinuation? _continuation;
    private State _state;
    private bool _inStep;
    private bool _continueRequested;
    private long _unsent;

    public TestResponse(RequestContext request, bool slowClient, bool autoDrain)
    {
        Request = request;
        SlowClient = slowClient;
        AutoDrain = autoDrain;
    }

    private enum State
    {
        Running,
        Pending,
        Suspended,
        Done,
    }

    public RequestContext Request { get; }

    /// <summary>Output stays unsent until drained: Write's high-water mark is 64 KiB and Flush is false while any is unsent.</summary>
    public bool SlowClient { get; }

    /// <summary>A slow client drains on its own right after each suspension (on the loop's next turn).</summary>
    public bool AutoDrain { get; }

    public ILoopServices? Loop { get; set; }

    public string? Status { get; private set; }

    public IReadOnlyList<(string Name, string Value)> Headers => _headers;

    public byte[] Body => _body.ToArray();

    public string Text => Encoding.Latin1.GetString(Body);

    /// <summary>Every step the host returned, in order.</summary>
    public IReadOnlyList<ApplicationStep> Steps => _steps;

    public bool HeadersCommitted { get; private set; }

    public bool ClientGone { get; private set; }

    /// <summary>Set (from the loop thread) each time the host suspends.</summary>
    public WaitHandle Suspended => _suspended.WaitHandle;

    public Task<TestOutcome> Outcome => _done.Task;

    public string? Header(string name) =>
        _headers.Where(header => string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value).FirstOrDefault();

    /// <summary>Runs the CGI link for the request (loop thread).</summary>
    public void Invoke(CgiThread cgi)
    {
        _inStep = true;
        bool claimed;
        ApplicationStep step;
        IResponseContinuation? continuation;
        try
        {
            claimed = cgi.TryInvoke(Request, this, out step, out continuation);
        }
        finally
        {
            _inStep = false;
        }
        if (!claimed)
        {
            Finish(TestOutcome.NotClaimed);
            return;
        }
        OnStep(step, continuation);
    }

    /// <summary>The client took everything sent so far; a suspended host resumes (loop thread).</summary>
    public void ClientDrains()
    {
        _unsent = 0;
        if (_state == State.Suspended)
        {
            ResumeNow();
        }
    }

    /// <summary>The client went away (EPOLLRDHUP): a paused response is aborted (loop thread).</summary>
    public void ClientLeaves()
    {
        ClientGone = true;
        if (_state is State.Pending or State.Suspended)
        {
            var continuation = _continuation!;
            _continuation = null;
            continuation.Abort();
            Finish(TestOutcome.Aborted);
        }
    }

    /// <summary>The outcome, within the bound (test thread).</summary>
    public TestOutcome Wait()
    {
        Assert.True(_done.Task.Wait(Bounded.Bound),
            $"the response did not end within {Bounded.Bound.TotalSeconds} s; steps so far: {string.Join(", ", _steps)}, status {Status ?? "none"}");
        return _done.Task.Result;
    }

    /// <summary>Ends the wait with the loop thread's failure.</summary>
    public void Fail(Exception failure) => _done.TrySetException(failure);

    public void SetStatus(ReadOnlySpan<byte> status)
    {
        Assert.False(HeadersCommitted, "SetStatus after the head was committed");
        Status = Encoding.Latin1.GetString(status);
    }

    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Assert.False(HeadersCommitted, "AddHeader after the head was committed");
        _headers.Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
    }

    public bool Write(ReadOnlySpan<byte> data)
    {
        Assert.NotEqual(State.Done, _state);
        if (ClientGone)
        {
            return false;
        }
        if (data.IsEmpty)
        {
            return true;
        }
        HeadersCommitted = true;
        _body.Write(data);
        if (!SlowClient)
        {
            return true;
        }
        _unsent += data.Length;
        return _unsent < 64 * 1024;
    }

    public bool Flush()
    {
        if (ClientGone)
        {
            return false;
        }
        if (_body.Length > 0)
        {
            HeadersCommitted = true;
        }
        return _unsent == 0;
    }

    public bool WriteFile(int fileDescriptor, long offset, long count) => throw new NotSupportedException("the CGI host never sends files");

    public void Continue()
    {
        if (_inStep)
        {
            _continueRequested = true;
            return;
        }
        if (_state == State.Pending)
        {
            ResumeNow();
        }
    }

    /// <summary>The legacy blocking drain (WSGI's write()): a CGI exchange never blocks, so it never calls it.</summary>
    bool IResponseSink.Drain() => throw new NotSupportedException("the CGI host never blocks on the client");

    private void ResumeNow()
    {
        var continuation = _continuation!;
        _continuation = null;
        _state = State.Running;
        _inStep = true;
        ApplicationStep step;
        try
        {
            step = continuation.Resume(this);
        }
        finally
        {
            _inStep = false;
        }
        OnStep(step, continuation);
    }

    private void OnStep(ApplicationStep step, IResponseContinuation? continuation)
    {
        _steps.Add(step);
        switch (step)
        {
            case ApplicationStep.Completed:
                Finish(TestOutcome.Completed);
                return;
            case ApplicationStep.Failed:
                Finish(TestOutcome.Failed);
                return;
            case ApplicationStep.Pending:
                _continuation = continuation ?? throw new InvalidOperationException("Pending without a continuation");
                _state = State.Pending;
                if (_continueRequested)
                {
                    _continueRequested = false;
                    ResumeNow();
                }
                return;
            case ApplicationStep.Suspended:
                _continuation = continuation ?? throw new InvalidOperationException("Suspended without a continuation");
                _state = State.Suspended;
                _continueRequested = false;
                _suspended.Set();
                if (AutoDrain)
                {
                    Loop!.Post(new LoopWork(ClientDrains));
                }
                return;
        }
    }

    private void Finish(TestOutcome outcome)
    {
        _state = State.Done;
        _done.TrySetResult(outcome);
    }
}
