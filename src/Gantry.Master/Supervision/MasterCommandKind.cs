namespace Gantry.Master.Supervision;

/// <summary>What the master loop is asked to do; signals, FIFO bytes, pipes and ticks all become one of these.</summary>
public enum MasterCommandKind
{
    /// <summary>SIGCHLD: collect ended children with waitpid.</summary>
    ReapChildren,

    /// <summary>A worker reported that its application is loaded and its loops accept.</summary>
    WorkerReady,

    /// <summary>SIGHUP, FIFO <c>r</c>: workers finish their requests and are replaced.</summary>
    GracefulReload,

    /// <summary>SIGTERM (SIGQUIT with die-on-term), FIFO <c>R</c>: workers stop at once and are replaced.</summary>
    BrutalReload,

    /// <summary>FIFO <c>c</c>: replace the workers one at a time, each new one ready before its old one stops.</summary>
    ChainReload,

    /// <summary>FIFO <c>w</c>: graceful reload of the workers only.</summary>
    GracefulWorkersReload,

    /// <summary>FIFO <c>W</c>: brutal reload of the workers only.</summary>
    BrutalWorkersReload,

    /// <summary>
    /// SIGTERM with die-on-term, FIFO <c>q</c>: workers stop accepting and finish their requests (at most
    /// reload-mercy), then everything exits. uWSGI 2.0 kills the workers at once on die-on-term's SIGTERM; draining
    /// is what a container platform's SIGTERM asks for (docs/compatibility.md).
    /// </summary>
    GracefulShutdown,

    /// <summary>SIGINT, SIGQUIT, FIFO <c>Q</c>: workers stop at once, then everything exits.</summary>
    BrutalShutdown,

    /// <summary>SIGUSR1, FIFO <c>s</c>: print the workers' state to the log.</summary>
    LogStats,
}
