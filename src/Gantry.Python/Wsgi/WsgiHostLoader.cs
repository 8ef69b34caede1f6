using Gantry.Python.Mounts;
using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Wsgi;

/// <summary>
/// Loads the WSGI host: one callable (wsgi-file, module), the mount table (mount, no-default-app), or none (every
/// request answered 500, as uWSGI without an app), honouring need-app.
/// </summary>
internal sealed class WsgiHostLoader : IPythonHostLoader
{
    public static readonly WsgiHostLoader Instance = new();

    /// <inheritdoc />
    public void Initialize() => WsgiPython.Initialize();

    /// <inheritdoc />
    public IPythonHost Load(PythonInterpreter? interpreter, PythonHostOptions options, ILogger logger)
    {
        var callable = default(PyHeld);
        if (options.WsgiFile is null && options.Module is null && options.Mounts.Count == 0)
        {
            if (options.NeedApp)
            {
                throw new PythonStartupException("need-app is set but no app is configured: set wsgi-file or module.",
                    PythonStartupException.FailedApplicationExitCode);
            }
            PythonLog.NoApplicationLoaded(logger);
            return new WsgiApplication(interpreter, options, callable, logger);
        }
        if (options.Mounts.Count > 0 || options.NoDefaultApp)
        {
            var (table, callables) = MountLoader.Load(options, logger);
            return new WsgiApplication(interpreter, options, table, callables, logger);
        }
        try
        {
            ApplicationLoader.Load(options, logger, ref callable);
        }
        catch (PythonStartupException) when (!options.NeedApp)
        {
            // uWSGI without need-app: keep serving, every request gets a 500 (logged at load and per request).
        }
        return new WsgiApplication(interpreter, options, callable, logger);
    }
}
