using Gantry.Application;

namespace Gantry.Server.Loop;

/// <summary>
/// The server's event loop for a process that serves no requests (the supervisor mode): its watched descriptors,
/// timers and posted work through <see cref="ILoopServices"/>, run on the calling thread until <see cref="Stop"/>. One
/// epoll loop in the code base instead of a second one for child pipes and the control socket.
/// </summary>
public sealed class ServiceLoop : IDisposable
{
    private readonly EventLoop _loop;

    public ServiceLoop(TimeProvider time) => _loop = new EventLoop(time);

    /// <summary>The loop's services; every member but Post is for the loop thread.</summary>
    public ILoopServices Services => _loop;

    /// <summary>Runs on the calling thread until <see cref="Stop"/>.</summary>
    public void Run() => _loop.Run(IdleApplicationThread.Instance, TimeSpan.Zero);

    /// <summary>Ends <see cref="Run"/> after the current batch; safe from any thread.</summary>
    public void Stop() => _loop.RequestStop(graceful: false);

    public void Dispose() => _loop.Dispose();

    /// <summary>The application seat of a loop that has no application: it is never invoked.</summary>
    private sealed class IdleApplicationThread : IApplicationThread
    {
        public static readonly IdleApplicationThread Instance = new();

        public bool StreamsRequestBody(RequestContext request) => false;

        public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation) =>
            throw new InvalidOperationException("A service loop serves no requests.");

        public void EnterWait()
        {
        }

        public void LeaveWait()
        {
        }

        public void Dispose()
        {
        }
    }
}
