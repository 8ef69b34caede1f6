using System.Collections.Concurrent;
using System.Text;
using Gantry.Application;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>
/// A host that streams request bodies (as the CGI host will): it is invoked right after the head, reads what arrived,
/// returns Pending and registers for more, and its listener continues it. By path: <c>/whole…</c> does not stream (a
/// WSGI host's answer) and echoes the whole body; <c>/collect</c> writes nothing until the body is complete, then echoes
/// it; <c>/early</c> answers at once without reading the body; <c>/big-first</c> writes 16 MiB before it reads (so it is
/// suspended by backpressure while the body arrives), then counts the body; any other path echoes each piece as it
/// arrives (written and flushed, so the client sees it while it still sends). What happened is recorded for the test
/// thread.
/// </summary>
internal sealed class StreamingEchoApplication : IApplicationThread
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private int _pendingSteps;

    /// <summary>"invoke PATH complete=BOOL", "done PATH waits=N length=N", "abort PATH", in order.</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>The path of each aborted response.</summary>
    public BlockingCollection<string> Aborted { get; } = [];

    public bool StreamsRequestBody(RequestContext request) => !PathOf(request).StartsWith("/whole", StringComparison.Ordinal);

    public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
    {
        var path = PathOf(request);
        Events.Enqueue($"invoke {path} complete={request.Body.IsComplete}");
        response.SetStatus("200 OK"u8);
        response.AddHeader("Content-Type"u8, "text/plain"u8);
        if (path == "/early")
        {
            response.Write("answered before the body"u8);
            Events.Enqueue($"done {path} waits=0 length={request.Body.Length}");
            continuation = null;
            return ApplicationStep.Completed;
        }
        var echo = new Echo(this, request, response, path);
        var step = echo.Resume(response);
        continuation = step is ApplicationStep.Pending or ApplicationStep.Suspended ? echo : null;
        return step;
    }

    /// <summary>Waits (bounded) until the host returned Pending <paramref name="count"/> times in all.</summary>
    public void WaitForPendingSteps(int count)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (Volatile.Read(ref _pendingSteps) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited 10 s for {count} pending steps, saw {_pendingSteps}");
            Thread.Sleep(5);
        }
    }

    /// <summary>Waits (bounded) for the abort of a response.</summary>
    public string WaitForAbort()
    {
        Assert.True(Aborted.TryTake(out var path, Bound), "waited 10 s for a response to be aborted");
        return path!;
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

    private static string PathOf(RequestContext request) =>
        Encoding.Latin1.GetString(request.Variables.TryGetValue("PATH_INFO"u8, out var path) ? path : default);

    private sealed class Echo(StreamingEchoApplication owner, RequestContext request, IResponseSink sink, string path)
        : IResponseContinuation, IRequestBodyListener
    {
        private const int BigBlock = 64 * 1024;
        private static readonly byte[] Block = [.. Enumerable.Repeat((byte)'x', BigBlock)];

        private readonly List<byte> _collected = [];
        private int _waits;
        private int _bigLeft = path == "/big-first" ? 256 * BigBlock : 0;

        public ApplicationStep Resume(IResponseSink response)
        {
            var body = request.Body;
            while (_bigLeft > 0)
            {
                _bigLeft -= BigBlock;
                if (!response.Write(Block))
                {
                    return ApplicationStep.Suspended;
                }
            }
            while (true)
            {
                var available = body.Peek();
                if (!available.IsEmpty)
                {
                    if (path == "/collect")
                    {
                        _collected.AddRange(available);
                    }
                    else if (path != "/big-first")
                    {
                        response.Write(available);
                    }
                    body.Advance(available.Length);
                    continue;
                }
                if (body.IsComplete)
                {
                    if (path == "/collect")
                    {
                        response.Write(_collected.ToArray());
                    }
                    else if (path == "/big-first")
                    {
                        response.Write(Encoding.ASCII.GetBytes($"|received={body.Length} spooled={body.IsSpooled}"));
                    }
                    owner.Events.Enqueue($"done {path} waits={_waits} length={body.Length}");
                    return ApplicationStep.Completed;
                }
                if (!response.Flush())
                {
                    return ApplicationStep.Suspended;
                }
                body.NotifyWhenMoreArrives(this);
                _waits++;
                Interlocked.Increment(ref owner._pendingSteps);
                return ApplicationStep.Pending;
            }
        }

        public void OnRequestBodyData() => sink.Continue();

        public void Abort()
        {
            owner.Events.Enqueue($"abort {path}");
            owner.Aborted.Add(path);
        }
    }
}
