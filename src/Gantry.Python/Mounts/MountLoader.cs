using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Mounts;

/// <summary>
/// Loads the app table: the wsgi-file/module app under mountpoint "" first, then each mount in order, each with the
/// same <see cref="ApplicationLoader"/> as a single app, as uWSGI does (core/uwsgi.c <c>uwsgi_init_all_apps</c>).
/// A mountpoint already taken is skipped before anything loads ("already configured. skip."). An app that fails
/// stops start-up when need-app is on; otherwise it is left out of the table, so its requests go where uWSGI sends
/// them: to the default app. Start-up only, GIL held.
/// </summary>
internal static class MountLoader
{
    /// <summary>The table and one held callable per table entry (the caller owns them).</summary>
    public static (MountTable Table, PyHeld[] Callables) Load(PythonHostOptions options, ILogger logger)
    {
        var mountpoints = new List<string>();
        var callables = new List<PyHeld>();
        try
        {
            if (options.WsgiFile is not null || options.Module is not null)
            {
                TryLoad(string.Empty, options, options.NeedApp, logger, mountpoints, callables);
            }
            foreach (var mount in options.Mounts)
            {
                PythonLog.Mounting(logger, mount.Application, mount.Mountpoint);
                if (mountpoints.Contains(mount.Mountpoint))
                {
                    PythonLog.MountpointAlreadyConfigured(logger, mount.Mountpoint);
                    continue;
                }
                TryLoad(mount.Mountpoint, ForMount(options, mount), options.NeedApp, logger, mountpoints, callables);
            }
        }
        catch
        {
            for (var i = 0; i < callables.Count; i++)
            {
                var held = callables[i];
                held.Release();
            }
            throw;
        }
        var table = new MountTable(mountpoints, options.ManageScriptName, options.IgnoreScriptName, options.NoDefaultApp);
        for (var i = 0; i < table.Count; i++)
        {
            PythonLog.MountedApplicationReady(logger, i, mountpoints[i], i == table.DefaultIndex ? " (default app)" : string.Empty);
        }
        if (table.Count == 0)
        {
            PythonLog.NoApplicationLoaded(logger);
        }
        return (table, [.. callables]);
    }

    /// <summary>The options <see cref="ApplicationLoader"/> takes for one mount: its file or its module, nothing else changed.</summary>
    public static PythonHostOptions ForMount(PythonHostOptions options, PythonMount mount) => mount.IsFile
        ? options with { WsgiFile = mount.Application, Module = null }
        : options with { WsgiFile = null, Module = mount.Application };

    private static void TryLoad(string mountpoint, PythonHostOptions appOptions, bool needApp, ILogger logger,
        List<string> mountpoints, List<PyHeld> callables)
    {
        var callable = default(PyHeld);
        try
        {
            ApplicationLoader.Load(appOptions, logger, ref callable);
        }
        catch (PythonStartupException) when (!needApp)
        {
            // Already logged with its traceback by the loader.
            PythonLog.MountSkipped(logger, mountpoint);
            return;
        }
        mountpoints.Add(mountpoint);
        callables.Add(callable);
    }
}
