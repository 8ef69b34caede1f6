namespace Gantry.Master.Processes;

/// <summary>How a worker process ends (uWSGI's codes from uwsgi.h where it has one).</summary>
public static class WorkerExitCodes
{
    /// <summary>Stopped gracefully: asked to (SIGHUP) or recycling itself (max-requests, reload-on-rss). UWSGI_RELOAD_CODE.</summary>
    public const int Reload = 17;

    /// <summary>The application failed to load (need-app). UWSGI_FAILED_APP_CODE.</summary>
    public const int FailedApp = 22;

    /// <summary>Stopped at once (SIGINT, SIGTERM, SIGQUIT). UWSGI_END_CODE.</summary>
    public const int End = 30;

    /// <summary>The master is gone (lifeline EOF).</summary>
    public const int MasterGone = 1;
}
