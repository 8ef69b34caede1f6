using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Gantry.Application;
using Gantry.Python.Runtime;
using Gantry.Python.Wsgi;

namespace Gantry.Python.Tests.Infrastructure;

/// <summary>
/// Starts Python once for the test process and runs every piece of Python work on ONE dedicated thread.
/// Why: the GIL belongs to the thread that holds it, and xunit runs tests on thread-pool threads that change
/// from call to call. The dedicated thread initialises Python (so it is Python's main thread), attaches as loop
/// thread 0 and keeps the GIL, exactly as the server's main thread does; tests hand it work through a queue.
/// </summary>
public sealed class PythonFixture : IDisposable
{
    // Generous bounds (the slowest work item takes a few seconds) below the test run's hang timeout, so a stuck
    // Python thread fails the test that waits on it, with a message, instead of hanging the whole run.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WorkTimeout = TimeSpan.FromSeconds(60);

    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;
    private readonly Dictionary<string, WsgiThread> _applications = new();
    private PythonRuntime? _runtime;
    private readonly IdleLoop _loop = new();
    private IApplicationThread? _mainThread;
    private volatile string? _stuck;

    public PythonFixture()
    {
        // Not disposed on a timeout: the Python thread may still set it.
        var ready = new ManualResetEventSlim();
        Exception? failure = null;
        _thread = new Thread(() =>
        {
            try
            {
                _runtime = WsgiHost.Start(new PythonHostOptions { WsgiFile = AppPath("hello.py") }, Logs);
                _mainThread = _runtime.Application.AttachThread(0, _loop.Services);
            }
            catch (Exception exception)
            {
                failure = exception;
            }
            ready.Set();
            if (failure is null)
            {
                foreach (var item in _work.GetConsumingEnumerable())
                {
                    item();
                }
            }
        })
        {
            Name = "python-main",
            IsBackground = true,
        };
        _thread.Start();
        if (!ready.Wait(StartTimeout))
        {
            throw new TimeoutException($"Python did not start within {StartTimeout.TotalSeconds} s");
        }
        ready.Dispose();
        if (failure is not null)
        {
            throw new InvalidOperationException("Python did not start", failure);
        }
    }

    /// <summary>Every log entry of the test process's Python host.</summary>
    public RecordingLoggerFactory Logs { get; } = new();

    /// <summary>The runtime (touch it only inside <see cref="Run{T}"/>).</summary>
    public PythonRuntime Runtime => _runtime!;

    /// <summary>Loop thread 0 serving the hello app (use inside <see cref="Run{T}"/>).</summary>
    public IApplicationThread MainThread => _mainThread!;

    /// <summary>The path of a test app shipped in Apps/.</summary>
    public static string AppPath(string name) => Path.Combine(AppContext.BaseDirectory, "Apps", name);

    /// <summary>
    /// Runs <paramref name="work"/> on the Python thread and returns its result (or rethrows). Throws a
    /// <see cref="TimeoutException"/> when it has not finished within <see cref="WorkTimeout"/>; the Python thread is
    /// then stuck, so every later call fails at once, naming the work that got stuck.
    /// </summary>
    public T Run<T>(Func<T> work, [CallerMemberName] string caller = "")
    {
        if (_stuck is not null)
        {
            throw new InvalidOperationException($"the Python thread is stuck in work from {_stuck}; nothing more runs on it");
        }
        T result = default!;
        Exception? failure = null;
        // Not disposed here: after a timeout the Python thread may still set it.
        var done = new ManualResetEventSlim();
        _work.Add(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception exception)
            {
                failure = exception;
            }
            done.Set();
        });
        if (!done.Wait(WorkTimeout))
        {
            _stuck = caller;
            throw new TimeoutException($"work from {caller} did not finish on the Python thread within {WorkTimeout.TotalSeconds} s");
        }
        done.Dispose();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        return result;
    }

    /// <summary>Runs <paramref name="work"/> on the Python thread.</summary>
    public void Run(Action work, [CallerMemberName] string caller = "") => Run(() =>
    {
        work();
        return 0;
    }, caller);

    /// <summary>
    /// A WSGI thread (on the Python thread) for an app loaded once per process and cached by its options.
    /// Call inside <see cref="Run{T}"/>.
    /// </summary>
    public IApplicationThread Application(PythonHostOptions options)
    {
        var key = $"{options.WsgiFile}|{options.Module}|{options.Callable}|{string.Join(';', options.PythonPath)}|{options.Multithread}|{options.Multiprocess}";
        if (!_applications.TryGetValue(key, out var thread))
        {
            thread = ((WsgiApplication)Runtime.LoadHost(options, Logs.CreateLogger("Gantry.Python"))).AttachCurrentHolder();
            _applications[key] = thread;
        }
        return thread;
    }

    /// <summary>A WSGI thread for a test app file with the default callable.</summary>
    public IApplicationThread Application(string appFile, string callable = "application") =>
        Application(new PythonHostOptions { WsgiFile = AppPath(appFile), Callable = callable });

    public void Dispose()
    {
        if (_runtime is null || _stuck is not null)
        {
            _loop.Dispose();
            return;
        }
        Run(() =>
        {
            foreach (var thread in _applications.Values)
            {
                thread.Dispose();
            }
            _mainThread?.Dispose();
            _runtime.Shutdown(TimeSpan.FromSeconds(10));
        });
        _work.CompleteAdding();
        _loop.Dispose();
    }
}
