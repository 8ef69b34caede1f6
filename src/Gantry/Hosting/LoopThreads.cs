using Gantry.Application;
using Gantry.Kestrel;
using Gantry.Logging;
using Gantry.Server;
using Gantry.Server.Connections;
using Gantry.Server.Listeners;
using Gantry.Server.Logging;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// <c>--threads N</c>: N event loops in this process, each a <see cref="LoopServer"/> on its own thread with
/// its own Python thread state (thread 0 is the calling thread, Python's main thread). All of them register the
/// same listeners (EPOLLEXCLUSIVE wakes one per connection), so a request blocking in the application stalls
/// only its own thread's connections. Owns the servers; the caller owns the listeners.
/// </summary>
internal sealed class LoopThreads : IDisposable
{
    private readonly LoopServer[] _servers;
    private readonly ILogger _logger;
    private readonly KestrelFront? _https;
    private readonly int _gracefulSeconds;
    private int _stopping;

    /// <param name="count">Number of loop threads.</param>
    /// <param name="options">Server options shared by every loop.</param>
    /// <param name="listeners">Listeners every loop accepts on.</param>
    /// <param name="loggers">Loggers of loop 0; the others drop their readiness line.</param>
    /// <param name="logger">Where thread failures go.</param>
    /// <param name="requestLines">Where the loops write their request log lines, a turn at a time (the process's stderr writer).</param>
    /// <param name="https">The Kestrel front of the HTTPS listeners, posting to these loops; started once loop 0 attached.</param>
    public LoopThreads(int count, ServerOptions options, IReadOnlyList<Listener> listeners, ILoggerFactory loggers, ILogger logger,
        IRequestLogTarget? requestLines, KestrelFront? https = null)
    {
        _logger = logger;
        _https = https;
        _gracefulSeconds = options.GracefulTimeoutSeconds;
        var quiet = new FilteredLoggerFactory(loggers, ReadinessEventId);
        _servers = new LoopServer[Math.Max(1, count)];
        // max-connections holds for the process: every loop draws on one budget.
        var budget = new ConnectionBudget(options.MaxConnections);
        for (var i = 0; i < _servers.Length; i++)
        {
            _servers[i] = new LoopServer(options, listeners, i == 0 ? loggers : quiet, TimeProvider.System, budget, requestLines);
        }
    }

    /// <summary>The server's readiness line (ServerLog.Ready): printed by loop 0 only, or by the master.</summary>
    public const int ReadinessEventId = LoopServer.ReadyEventId;

    /// <summary>Number of loops.</summary>
    public int Count => _servers.Length;

    /// <summary>
    /// Asks every loop to stop; safe from any thread. With HTTPS sockets, a graceful stop first stops Kestrel (no new
    /// connections, requests in flight finish on the still running loops, within the graceful timeout), then the loops.
    /// </summary>
    public void RequestStop(bool graceful)
    {
        if (_https is null || !graceful)
        {
            StopLoops(graceful);
            return;
        }
        if (Interlocked.Exchange(ref _stopping, 1) == 1)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            await _https.StopAsync(TimeSpan.FromSeconds(Math.Max(1, _gracefulSeconds))).ConfigureAwait(false);
            StopLoops(graceful: true);
        });
    }

    private void StopLoops(bool graceful)
    {
        foreach (var server in _servers)
        {
            server.RequestStop(graceful);
        }
    }

    /// <summary>
    /// Runs every loop until all stopped. <paramref name="beforeServing"/> runs on the calling thread once it
    /// attached thread 0, just before its loop starts (a worker reports readiness there).
    /// </summary>
    public void Run(IApplication application, Action? beforeServing = null)
    {
        var threads = new Thread[_servers.Length - 1];
        for (var i = 1; i < _servers.Length; i++)
        {
            var index = i;
            threads[i - 1] = new Thread(() => RunLoop(application, index)) { Name = $"gantry loop {index}" };
            threads[i - 1].Start();
        }
        using (var mainThread = application.AttachThread(0, _servers[0].Loop))
        {
            if (_https is not null)
            {
                _https.AddLoop(0, _servers[0], mainThread);
                _https.Start();
            }
            beforeServing?.Invoke();
            _servers[0].Run(mainThread);
        }
        // Loop 0 ends only when a stop was requested for every loop; the others finish theirs.
        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    private void RunLoop(IApplication application, int index)
    {
        try
        {
            using var thread = application.AttachThread(index, _servers[index].Loop);
            _https?.AddLoop(index, _servers[index], thread);
            _servers[index].Run(thread);
        }
        catch (Exception failure) when (failure is InvalidOperationException or IOException)
        {
            _logger.LoopThreadFailed(index, failure.Message);
            RequestStop(graceful: true);
        }
    }

    public void Dispose()
    {
        _https?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var server in _servers)
        {
            server.Dispose();
        }
    }
}
