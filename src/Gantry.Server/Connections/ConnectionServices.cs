using Gantry.Application;
using Gantry.Server.Logging;
using Gantry.Server.Loop;
using Microsoft.Extensions.Logging;

namespace Gantry.Server.Connections;

/// <summary>
/// What every connection of one loop shares, whatever its protocol: the loop, the application thread, options,
/// the request log, the logger, and the shutdown flag. Owned by the loop's <see cref="LoopServer"/>.
/// </summary>
internal sealed class ConnectionServices
{
    private readonly HashSet<int> _warned = [];

    public ConnectionServices(
        EventLoop loop, IApplicationThread application, ServerOptions options, RequestLog requestLog, ILogger logger, ConnectionBudget budget)
    {
        Budget = budget;
        Observer = application as IRequestObserver;
        Loop = loop;
        Application = application;
        Options = options;
        RequestLog = requestLog;
        Logger = logger;
    }

    public EventLoop Loop { get; }

    public IApplicationThread Application { get; }

    public ServerOptions Options { get; }

    public RequestLog RequestLog { get; }

    public ILogger Logger { get; }

    /// <summary>Told of every finished request when the application thread observes them (the scoreboard); else null.</summary>
    public IRequestObserver? Observer { get; }

    /// <summary>The process's connection budget (max-connections), shared with its other loops.</summary>
    public ConnectionBudget Budget { get; }

    /// <summary>True once a graceful stop began: responses close their connection instead of keeping it.</summary>
    public bool ShuttingDown { get; set; }

    /// <summary>
    /// True the first time <paramref name="topic"/> is seen in this worker: for warnings a misconfigured peer would
    /// otherwise repeat on every request (a dropped variable, an unsupported modifier). See <see cref="WarningTopic"/>.
    /// </summary>
    public bool FirstTime(int topic) => _warned.Add(topic);
}
