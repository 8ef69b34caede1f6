using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Wsgi;

/// <summary>
/// One loop thread's WSGI host: its environ builder, its pool of request slots, and its hold on the GIL.
/// Used only by the thread that attached it, which holds the GIL except between EnterWait and LeaveWait.
/// </summary>
internal sealed class WsgiThread : IApplicationThread
{
    private static ReadOnlySpan<byte> NoApplicationStatus => "500 Internal Server Error"u8;
    private static ReadOnlySpan<byte> NoApplicationBody => "Internal Server Error"u8;

    private readonly WsgiApplication _application;
    private readonly PythonThreadState _threadState;
    private readonly Stack<WsgiRequest> _idle = new();
    private readonly bool[] _hopByHopReported = new bool[WsgiHeaderRules.HopByHopCount];
    private bool _disposed;

    public WsgiThread(WsgiApplication application, PythonThreadState threadState, ILogger logger)
    {
        _application = application;
        _threadState = threadState;
        Logger = logger;
        Environ = new WsgiEnvironBuilder(application.Options.Multithread, application.Options.Multiprocess, !application.Options.DisableFileWrapper);
    }

    /// <summary>Where this thread logs.</summary>
    public ILogger Logger { get; }

    /// <summary>This thread's environ builder.</summary>
    public WsgiEnvironBuilder Environ { get; }

    /// <summary>Never: PEP 3333's wsgi.input reads block, so a WSGI application gets its body received whole.</summary>
    public bool StreamsRequestBody(RequestContext request) => false;

    /// <inheritdoc />
    public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
    {
        continuation = null;
        if (_threadState.IsWaiting)
        {
            throw new InvalidOperationException("Invoke between EnterWait and LeaveWait: this thread does not hold the GIL.");
        }
        PyBorrowed callable;
        var mounts = _application.Mounts;
        if (mounts is null)
        {
            if (!_application.IsLoaded)
            {
                return AnswerNoApplication(response);
            }
            callable = _application.Callable;
        }
        else
        {
            var index = mounts.Select(request.Variables);
            if (index < 0)
            {
                return AnswerNoApplication(response);
            }
            callable = _application.MountedCallable(index);
        }
        var slot = _idle.Count > 0 ? _idle.Pop() : new WsgiRequest(this);
        var step = slot.Start(request, response, callable);
        if (step == ApplicationStep.Suspended)
        {
            continuation = slot;
        }
        return step;
    }

    /// <inheritdoc />
    public void EnterWait() => _threadState.EnterWait();

    /// <inheritdoc />
    public void LeaveWait() => _threadState.LeaveWait();

    /// <summary>A finished request slot comes back for reuse.</summary>
    public void Return(WsgiRequest request) => _idle.Push(request);

    /// <summary>Logs a dropped hop-by-hop header once per name for this thread (an app sends it on every response).</summary>
    public void ReportHopByHopHeader(int index, ReadOnlySpan<byte> name)
    {
        if (!_hopByHopReported[index])
        {
            _hopByHopReported[index] = true;
            PythonLog.HopByHopHeaderDropped(Logger, System.Text.Encoding.Latin1.GetString(name));
        }
    }

    /// <summary>Releases this thread's Python objects and its thread state. Suspended responses must be aborted first.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _threadState.LeaveWait();
        Environ.Release();
        _threadState.Detach();
    }

    /// <summary>
    /// uWSGI without an app for the request (none loaded, or no mountpoint matched under no-default-app): 500 and
    /// "Internal Server Error", and the log line that says why.
    /// </summary>
    private ApplicationStep AnswerNoApplication(IResponseSink response)
    {
        PythonLog.NoApplicationLoaded(Logger);
        response.SetStatus(NoApplicationStatus);
        response.AddHeader("Content-Type"u8, "text/plain"u8);
        response.AddHeader("Content-Length"u8, "21"u8);
        response.Write(NoApplicationBody);
        return ApplicationStep.Completed;
    }
}
