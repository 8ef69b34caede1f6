using System.Diagnostics;
using System.Text;
using Gantry.Python.Native;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Runtime;

/// <summary>
/// Puts pythonpath and the application's directory on sys.path and loads the WSGI callable: a wsgi-file
/// executed as a module named as uWSGI names it (uwsgi_file_&lt;mangled path&gt;), or a module imported by
/// name, then its callable looked up. Start-up only, with the GIL held.
/// </summary>
internal static unsafe class ApplicationLoader
{
    /// <summary>
    /// sys.path becomes [pythonpath entries (globs expanded)…, the app's directory, what Python computed…]:
    /// for a wsgi-file its directory (as uWSGI), for a module the current directory; then the same for each mount.
    /// </summary>
    public static void ExtendSysPath(PythonHostOptions options, ILogger logger)
    {
        using var expanded = StartupCalls.CallWithList(GantryModule.Get("expand_python_path"u8), options.PythonPath);
        if (expanded.IsNull)
        {
            throw new PythonStartupException("Cannot expand pythonpath:\n" + PythonErrors.TakeTraceback());
        }
        var paths = StartupCalls.Strings(new PyBorrowed(CPython.PyTuple_GetItem(expanded.Pointer, 0)));
        foreach (var pattern in StartupCalls.Strings(new PyBorrowed(CPython.PyTuple_GetItem(expanded.Pointer, 1))))
        {
            PythonLog.PythonPathPatternMatchedNothing(logger, pattern);
        }
        if (options.WsgiFile is not null)
        {
            paths.Add(Path.GetDirectoryName(Path.GetFullPath(options.WsgiFile))!);
        }
        else if (options.Module is not null)
        {
            paths.Add(Directory.GetCurrentDirectory());
        }
        // Mounted apps get the same treatment, after the main app's directory so the main app's imports win.
        foreach (var mount in options.Mounts)
        {
            var directory = mount.IsFile ? Path.GetDirectoryName(Path.GetFullPath(mount.Application))! : Directory.GetCurrentDirectory();
            if (!paths.Contains(directory))
            {
                paths.Add(directory);
            }
        }
        using var done = StartupCalls.CallWithList(GantryModule.Get("prepend_sys_path"u8), paths);
        if (done.IsNull)
        {
            throw new PythonStartupException("Cannot extend sys.path:\n" + PythonErrors.TakeTraceback());
        }
        foreach (var path in paths)
        {
            PythonLog.PythonPathAdded(logger, path);
        }
    }

    /// <summary>
    /// Loads the callable into <paramref name="callable"/>. Throws <see cref="PythonStartupException"/> (exit code 22)
    /// with the traceback when the file or module fails or the callable is missing or not callable.
    /// </summary>
    public static void Load(PythonHostOptions options, ILogger logger, ref PyHeld callable)
    {
        var started = Stopwatch.GetTimestamp();
        var (source, callableName) = Describe(options);
        using var module = options.WsgiFile is not null
            ? StartupCalls.Call(GantryModule.Get("load_file"u8), Path.GetFullPath(options.WsgiFile), ModuleNameForFile(options.WsgiFile))
            : StartupCalls.Call(GantryModule.Get("load_module"u8), source);
        if (module.IsNull)
        {
            throw Failure(logger, Kind(options), source, "the code raised an exception:\n" + PythonErrors.TakeTraceback());
        }
        var name = Encoding.UTF8.GetBytes(callableName + "\0");
        fixed (byte* attribute = name)
        {
            using var found = PyOwned.Steal(CPython.PyObject_GetAttrString(module.Pointer, attribute));
            if (found.IsNull)
            {
                CPython.PyErr_Clear();
                throw Failure(logger, Kind(options), source, $"it has no attribute '{callableName}'; set callable (or module = {source}:NAME) to the {Kind(options)} callable's name.");
            }
            if (CPython.PyCallable_Check(found.Pointer) == 0)
            {
                throw Failure(logger, Kind(options), source, $"its attribute '{callableName}' is not callable.");
            }
            callable.Hold(found.Borrow());
        }
        PythonLog.ApplicationLoaded(logger, Kind(options), source, callableName, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>"ASGI" or "WSGI", for messages.</summary>
    private static string Kind(PythonHostOptions options) => options.Asgi is null ? "WSGI" : "ASGI";

    /// <summary>What is loaded, for messages: the wsgi-file path or the module name, and the callable's name.</summary>
    public static (string Source, string Callable) Describe(PythonHostOptions options)
    {
        if (options.WsgiFile is not null)
        {
            return (options.WsgiFile, options.Callable);
        }
        var module = options.Module ?? "";
        var colon = module.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (module, options.Callable) : (module[..colon], module[(colon + 1)..]);
    }

    /// <summary>uWSGI's module name for a wsgi-file: "uwsgi_file_" and the path with every non-alphanumeric as '_'.</summary>
    public static string ModuleNameForFile(string path)
    {
        var full = Path.GetFullPath(path);
        var name = new StringBuilder("uwsgi_file_", full.Length + 11);
        foreach (var c in full)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        return name.ToString();
    }

    private static PythonStartupException Failure(ILogger logger, string kind, string source, string details)
    {
        PythonLog.ApplicationLoadFailed(logger, kind, source, details);
        return new PythonStartupException($"Cannot load the {kind} app {source}: {details}", PythonStartupException.FailedApplicationExitCode);
    }
}
