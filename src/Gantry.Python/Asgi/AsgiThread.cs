using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Asgi;

/// <summary>
/// One loop thread's ASGI host: its asyncio loop (through <see cref="AsgiPump"/>), its scope builder, its request
/// slots and its hold on the GIL. Used only by the thread that attached it, which holds the GIL except between
/// EnterWait and LeaveWait.
/// </summary>
internal sealed class AsgiThread : IApplicationThread
{
    private static ReadOnlySpan<byte> UnavailableStatus => "503 Service Unavailable"u8;

    private readonly AsgiApplication _application;
    private readonly PythonThreadState _threadState;
    private readonly AsgiScopeBuilder _scope;
    private readonly Stack<AsgiRequest> _idle = new();
    private readonly Action? _beforeClose;
    private int _inUse;
    private bool _disposed;

    public AsgiThread(AsgiApplication application, PythonThreadState threadState, AsgiPump pump, ILogger logger, Action? beforeClose)
    {
        _application = application;
        _threadState = threadState;
        Pump = pump;
        Logger = logger;
        _beforeClose = beforeClose;
        _scope = new AsgiScopeBuilder(application.Options);
    }

    /// <summary>Where this thread logs.</summary>
    public ILogger Logger { get; }

    /// <summary>This thread's asyncio driver.</summary>
    public AsgiPump Pump { get; }

    /// <summary>daphne's --application-close-timeout (zero: never).</summary>
    public TimeSpan ApplicationCloseTimeout => _application.Options.ApplicationCloseTimeout;

    /// <summary>The app's name, for the slow-step warning.</summary>
    public string ApplicationName => _application.Name;

    /// <summary>This thread's asyncio loop (borrowed).</summary>
    public PyBorrowed Loop => Pump.Loop;

    /// <summary>Always: receive() hands the body over as it arrives (http.request with more_body).</summary>
    public bool StreamsRequestBody(RequestContext request) => true;

    /// <summary>Always: an upgrade becomes a websocket scope (ASGI WebSocket spec 2.4).</summary>
    public bool AcceptsWebSocket(RequestContext request) => true;

    /// <inheritdoc />
    public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
    {
        continuation = null;
        if (_threadState.IsWaiting)
        {
            throw new InvalidOperationException("Invoke between EnterWait and LeaveWait: this thread does not hold the GIL.");
        }
        var limit = _application.Options.LimitConcurrency;
        if (limit > 0 && _inUse >= limit)
        {
            AsgiLog.ConcurrencyLimited(Logger, limit);
            return PlainTextResponse.Write(response, UnavailableStatus);
        }
        using var scope = PyOwned.Steal(_scope.Build(request, _application.State));
        if (scope.IsNull)
        {
            AsgiLog.ApplicationFailed(Logger, AsgiErrors.RequestLine(request), PythonErrors.TakeTraceback());
            return ApplicationStep.Failed;
        }
        var slot = _idle.Count > 0 ? _idle.Pop() : new AsgiRequest(this);
        _inUse++;
        var step = slot.Start(request, response, _application.Callable, scope.Borrow());
        if (step is ApplicationStep.Suspended or ApplicationStep.Pending)
        {
            continuation = slot;
        }
        return step;
    }

    /// <inheritdoc />
    public void EnterWait() => _threadState.EnterWait();

    /// <inheritdoc />
    public void LeaveWait() => _threadState.LeaveWait();

    /// <summary>A slot whose response and task both ended comes back for reuse.</summary>
    public void Return(AsgiRequest request)
    {
        _inUse--;
        _idle.Push(request);
    }

    /// <summary>Closes the asyncio loop (thread 0: after lifespan shutdown), releases this thread's objects and its thread state.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _threadState.LeaveWait();
        Pump.Close(_application.Options.ShutdownTimeout, _beforeClose);
        _scope.Release();
        _threadState.Detach();
    }
}
