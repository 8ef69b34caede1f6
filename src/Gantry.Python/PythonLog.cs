using Microsoft.Extensions.Logging;

namespace Gantry.Python;

/// <summary>Every log line of the Python host, with stable event ids (2000–2099).</summary>
internal static partial class PythonLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Python {Version} from {Library} (program name {ProgramName})")]
    public static partial void InterpreterStarted(ILogger logger, string version, string library, string programName);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "added {Path} to sys.path")]
    public static partial void PythonPathAdded(ILogger logger, string path);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "pythonpath pattern {Pattern} matched nothing; added as written")]
    public static partial void PythonPathPatternMatchedNothing(ILogger logger, string pattern);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Python {Version} is newer than the versions Gantry was tested with (3.10 to 3.13)")]
    public static partial void UntestedPythonVersion(ILogger logger, string version);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "{Kind} app {Source}:{Callable} ready in {Milliseconds} ms")]
    public static partial void ApplicationLoaded(ILogger logger, string kind, string source, string callable, long milliseconds);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Error, Message = "cannot load the {Kind} app {Source}: {Details}")]
    public static partial void ApplicationLoadFailed(ILogger logger, string kind, string source, string details);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Error, Message = "--- no python application found, check your startup logs for errors ---")]
    public static partial void NoApplicationLoaded(ILogger logger);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "mounting {Application} on {Mountpoint}")]
    public static partial void Mounting(ILogger logger, string application, string mountpoint);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "WSGI app {Index} (mountpoint='{Mountpoint}') ready{DefaultApp}")]
    public static partial void MountedApplicationReady(ILogger logger, int index, string mountpoint, string defaultApp);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "mountpoint {Mountpoint} already configured. skip.")]
    public static partial void MountpointAlreadyConfigured(ILogger logger, string mountpoint);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Warning, Message = "app for mountpoint '{Mountpoint}' not loaded; requests for it go to the default app (or get 500 with no-default-app)")]
    public static partial void MountSkipped(ILogger logger, string mountpoint);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Error, Message = "error in the WSGI app ({Method} {Path}):\n{Traceback}")]
    public static partial void ApplicationFailed(ILogger logger, string method, string path, string traceback);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Error, Message = "error in the close() of a WSGI response:\n{Traceback}")]
    public static partial void CloseFailed(ILogger logger, string traceback);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "dropped the hop-by-hop response header {Name} (PEP 3333 forbids them in applications; logged once per name)")]
    public static partial void HopByHopHeaderDropped(ILogger logger, string name);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Debug, Message = "client gone while the WSGI response was produced")]
    public static partial void ClientGone(ILogger logger);

    [LoggerMessage(EventId = 2025, Level = LogLevel.Information, Message = "Python auto-reloader enabled (pid {Pid}, every {Seconds} s)")]
    public static partial void AutoReloaderEnabled(ILogger logger, int pid, int seconds);

    [LoggerMessage(EventId = 2026, Level = LogLevel.Warning, Message = "py-autoreload: the app did not load; answering 500 until one of these files changes: {Files}")]
    public static partial void AutoReloadWaitingForFix(ILogger logger, string files);

    [LoggerMessage(EventId = 2027, Level = LogLevel.Warning, Message = "py-autoreload needs the master (it reloads the workers): remove master = false; serving without reloading")]
    public static partial void AutoReloadNeedsMaster(ILogger logger);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "optimize: {Library} has no Py_OptimizeFlag; Python runs without -O")]
    public static partial void OptimizeUnavailable(ILogger logger, string library);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Error, Message = "import {Name} failed (start-up goes on, as uWSGI):\n{Traceback}")]
    public static partial void ImportFailed(ILogger logger, string name, string traceback);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Information, Message = "imported {Name}")]
    public static partial void Imported(ILogger logger, string name);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "Python finalized (status {Status})")]
    public static partial void InterpreterFinalized(ILogger logger, int status);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Critical, Message = "Python did not finalize within {Mercy} (a non-daemon thread or an atexit handler is stuck); exiting now")]
    public static partial void FinalizeTimedOut(ILogger logger, TimeSpan mercy);
}
