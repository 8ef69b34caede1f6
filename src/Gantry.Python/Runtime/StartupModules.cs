using Gantry.Python.Native;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Runtime;

/// <summary>
/// What runs between sys.path and the application, in uWSGI's order: sys.argv from pyargv, then every
/// <c>import</c> entry. Start-up only, with the GIL held.
/// </summary>
internal static class StartupModules
{
    /// <summary>sys.argv[0] where uWSGI puts "uwsgi".</summary>
    public const string ProgramName = "gantry";

    /// <summary>sys.argv = ["gantry", pyargv…] (Python's embedded default is [""]).</summary>
    public static void SetArgv(PythonHostOptions options)
    {
        using var done = StartupCalls.CallWithList(GantryModule.Get("set_argv"u8), [ProgramName, .. options.Argv]);
        if (done.IsNull)
        {
            throw new PythonStartupException("Cannot set sys.argv:\n" + PythonErrors.TakeTraceback());
        }
    }

    /// <summary>
    /// Imports each <c>import</c> entry in order: a name holding '/' or ending in ".py" is a file, executed as a
    /// module named as uWSGI names wsgi-files; anything else is a dotted module name. uWSGI prints a failure's
    /// traceback and goes on; so does this, as an error line.
    /// </summary>
    public static void Import(PythonHostOptions options, ILogger logger)
    {
        foreach (var entry in options.Imports)
        {
            var isFile = entry.Contains('/', StringComparison.Ordinal) || entry.EndsWith(".py", StringComparison.Ordinal);
            using var module = isFile
                ? StartupCalls.Call(GantryModule.Get("load_file"u8), Path.GetFullPath(entry), ApplicationLoader.ModuleNameForFile(entry))
                : StartupCalls.Call(GantryModule.Get("load_module"u8), entry);
            if (module.IsNull)
            {
                PythonLog.ImportFailed(logger, entry, PythonErrors.TakeTraceback());
                continue;
            }
            PythonLog.Imported(logger, entry);
        }
    }
}
