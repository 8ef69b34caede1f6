using System.Collections.Concurrent;
using System.Text;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Connections;

/// <summary>
/// <see cref="ApplicationStep.Pending"/>: a host waiting on something other than the client (here a pipe the test
/// writes to, or a timer) leaves the loop free; its <see cref="IResponseSink.Continue"/> resumes it; a client that
/// leaves meanwhile gets the continuation aborted. Waits are bounded (10 s) and say what they waited for.
/// </summary>
public sealed unsafe class PendingResponseTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly GateApplication _application = new();
    private readonly LoopHost _host;

    public PendingResponseTests()
    {
        _host = new LoopHost(_application);
        _application.Loop = _host.Loop;
    }

    public void Dispose()
    {
        _host.Dispose();
        _application.CloseGate();
    }

    [Fact]
    public void Pending_TimerContinues_ResponseCompletes()
    {
        using var client = new RawHttpClient(_host.Endpoint);

        client.Send("GET /timer HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        var response = client.ReadResponse()!;

        Assert.Equal(200, response.Status);
        Assert.Equal("resumed by the timer", response.Text);
    }

    [Fact]
    public void Pending_TenAtOnce_LoopAnswersAnotherRequestMeanwhileThenAllComplete()
    {
        var clients = Enumerable.Range(0, 10).Select(_ => new RawHttpClient(_host.Endpoint)).ToList();
        try
        {
            foreach (var client in clients)
            {
                client.Send("GET /gate HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            }
            _application.WaitForWaiting(10);

            // All ten wait on the gate; the loop still answers another client at once.
            using (var other = new RawHttpClient(_host.Endpoint))
            {
                other.Send("GET /now HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
                Assert.Equal("answered while 10 waited", other.ReadResponse()!.Text);
            }
            _application.OpenGate();

            Assert.All(clients, client => Assert.Equal("through the gate", client.ReadResponse()!.Text));
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public void Pending_ClientLeaves_ContinuationAbortedAndLoopServesOn()
    {
        using (var client = new RawHttpClient(_host.Endpoint))
        {
            client.Send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n");
            _application.WaitForWaiting(1);
        }

        Assert.True(_application.Aborted.TryTake(out var path, Bound), "waited 10 s for the abort");
        Assert.Equal("/gate", path);
        using var next = new RawHttpClient(_host.Endpoint);
        next.Send("GET /timer HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        Assert.Equal("resumed by the timer", next.ReadResponse()!.Text);
    }

    [Fact]
    public void Pending_ContinueCalledBeforeReturning_ResumedRightAway()
    {
        using var client = new RawHttpClient(_host.Endpoint);

        client.Send("GET /at-once HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        Assert.Equal("resumed at once", client.ReadResponse()!.Text);
    }

    /// <summary>
    /// A host that waits: /timer on a 20 ms timer, /gate on a pipe the test writes to (one watch for every waiting
    /// response), /at-once continues before it returns Pending; /now answers at once with how many wait.
    /// </summary>
    private sealed class GateApplication : IApplicationThread, IReadinessHandler
    {
        private readonly List<Waiting> _waiting = [];
        private readonly int _gateRead;
        private readonly int _gateWrite;
        private IFdWatch? _gate;
        private int _waitingCount;

        public GateApplication()
        {
            var fds = stackalloc int[2];
            Assert.Equal(0, LibC.pipe2(fds, LibC.O_NONBLOCK | LibC.O_CLOEXEC));
            (_gateRead, _gateWrite) = (fds[0], fds[1]);
        }

        public ILoopServices Loop { get; set; } = null!;

        public BlockingCollection<string> Aborted { get; } = [];

        public bool StreamsRequestBody(RequestContext request) => false;

        public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
        {
            continuation = null;
            var path = Encoding.Latin1.GetString(request.Variables.TryGetValue("PATH_INFO"u8, out var value) ? value : default);
            response.SetStatus("200 OK"u8);
            if (path == "/now")
            {
                response.Write(Encoding.ASCII.GetBytes($"answered while {_waiting.Count} waited"));
                return ApplicationStep.Completed;
            }
            var waiting = new Waiting(this, path, response);
            continuation = waiting;
            switch (path)
            {
                case "/timer":
                    Loop.StartTimer(TimeSpan.FromMilliseconds(20), waiting);
                    break;
                case "/at-once":
                    response.Continue();
                    break;
                default:
                    _gate ??= Loop.Watch(_gateRead, LoopReadiness.Readable, this);
                    _waiting.Add(waiting);
                    Interlocked.Increment(ref _waitingCount);
                    break;
            }
            return ApplicationStep.Pending;
        }

        public void OnReady(LoopReadiness ready)
        {
            var buffer = stackalloc byte[16];
            LibC.read(_gateRead, buffer, 16);
            foreach (var waiting in _waiting.ToList())
            {
                waiting.Sink.Continue();
            }
        }

        public void WaitForWaiting(int count)
        {
            var deadline = DateTime.UtcNow + Bound;
            while (Volatile.Read(ref _waitingCount) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"waited 10 s for {count} pending responses, saw {_waitingCount}");
                Thread.Sleep(5);
            }
        }

        public void OpenGate()
        {
            var one = (byte)1;
            Assert.Equal(1, (int)LibC.write(_gateWrite, &one, 1));
        }

        public void CloseGate()
        {
            LibC.close(_gateRead);
            LibC.close(_gateWrite);
        }

        public void EnterWait()
        {
        }

        public void LeaveWait()
        {
        }

        public void Dispose() => _gate?.Dispose();

        private sealed class Waiting(GateApplication owner, string path, IResponseSink sink) : IResponseContinuation, ITimerHandler
        {
            public IResponseSink Sink => sink;

            public void OnTimer() => sink.Continue();

            public ApplicationStep Resume(IResponseSink response)
            {
                owner._waiting.Remove(this);
                response.Write(path switch
                {
                    "/timer" => "resumed by the timer"u8,
                    "/at-once" => "resumed at once"u8,
                    _ => "through the gate"u8,
                });
                return ApplicationStep.Completed;
            }

            public void Abort()
            {
                owner._waiting.Remove(this);
                owner.Aborted.Add(path);
            }
        }
    }
}
