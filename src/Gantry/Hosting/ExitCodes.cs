namespace Gantry.Hosting;

/// <summary>Process exit codes, uWSGI's where it has one (uwsgi.h).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad configuration or a socket that cannot be bound (uWSGI exits 1 too).</summary>
    public const int ConfigurationError = 1;

    /// <summary>The application failed to load with need-app (uWSGI's UWSGI_FAILED_APP_CODE).</summary>
    public const int FailedApp = 22;

    /// <summary>A single-process vassal told to reload by its emperor ends so that the emperor starts it again (uWSGI's UWSGI_RELOAD_CODE).</summary>
    public const int VassalReload = 17;
}
