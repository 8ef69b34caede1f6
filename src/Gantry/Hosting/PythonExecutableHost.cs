using Gantry.Configuration;
using Gantry.Master.Worker;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Python;
using Gantry.Python.Runtime;

namespace Gantry.Hosting;

/// <summary>
/// python-host = executable: a process that runs Python (the single process, or a master's worker) replaces itself,
/// before it reads anything else, with the python executable (<c>&lt;home&gt;/bin/python3</c>, else /usr/bin/python3)
/// running a one-line bootstrap that loads gantry.so (src/Gantry.Hosted, published beside the gantry binary) with
/// ctypes.PyDLL and calls its gantry_main with the same arguments. Same pid, same descriptors (the master's listeners
/// and scoreboard), same environment, so the master protocol, logs and signals work as before. Why: Debian's python3
/// executable is statically linked with PGO+LTO and runs the same Python 1.13-1.23× faster than libpython3.X.so, and
/// a non-PIE executable cannot be dlopen'ed (ARCHITECTURE.md, "Python hosted by the python executable").
/// The master, the emperor and the supervisor stay the gantry executable.
/// </summary>
internal static class PythonExecutableHost
{
    /// <summary>The library's file name, beside the gantry binary.</summary>
    public const string LibraryFileName = "gantry.so";

    /// <summary>The gantry binary's path, for a hosted process that starts gantry again (daemonize).</summary>
    public const string ExecutableVariable = "GANTRY_EXECUTABLE";

    /// <summary>
    /// argv[1] is the library, argv[2:] gantry's arguments. SIGINT and SIGXFSZ go back to their defaults (python set a
    /// KeyboardInterrupt handler and ignored SIGXFSZ; the embedded interpreter sets neither); -c's '' (the working
    /// directory) leaves sys.path, as the embedded interpreter has no such entry. PyDLL keeps the GIL held in the call.
    /// </summary>
    internal const string Bootstrap =
        "import ctypes, os, signal, sys\n" +
        "signal.signal(signal.SIGINT, signal.SIG_DFL)\n" +
        "signal.signal(signal.SIGXFSZ, signal.SIG_DFL)\n" +
        "if sys.path and sys.path[0] == '': del sys.path[0]\n" +
        "_a = [os.fsencode(x) for x in sys.argv[2:]]\n" +
        "_m = ctypes.PyDLL(sys.argv[1]).gantry_main\n" +
        "_m.restype = ctypes.c_int\n" +
        "_m.argtypes = (ctypes.c_int, ctypes.POINTER(ctypes.c_char_p))\n" +
        "sys.exit(_m(len(_a), (ctypes.c_char_p * (len(_a) + 1))(*_a, None)))\n";

    /// <summary>True in gantry.so once gantry_main runs (Python is the process).</summary>
    public static bool Active { get; internal set; }

    /// <summary>The gantry binary: this process's own path, or in a hosted process the gantry that ran python.</summary>
    public static string? GantryExecutable =>
        Active ? Environment.GetEnvironmentVariable(ExecutableVariable) : Environment.ProcessPath;

    /// <summary>
    /// When python-host = executable and this process would run Python, execs the python executable with the bootstrap
    /// and <paramref name="args"/>: returns only if there was nothing to do (null) or it could not (what to fix).
    /// </summary>
    public static unsafe string? ExecIfRequested(GantryOptions options, string[] args)
    {
        if (Active || !options.PythonHostedByExecutable || !options.StartsPython)
        {
            return null;
        }
        if (!WorkerLink.InEnvironment && (options.Emperor.IsConfigured || options.RunsMaster))
        {
            return null;
        }
        var gantry = Environment.ProcessPath;
        if (gantry is null || Path.GetFileNameWithoutExtension(gantry) == "dotnet")
        {
            return "python-host = executable needs the published gantry binary with gantry.so beside it (./setup.sh --no-run), not `dotnet gantry.dll`";
        }
        var library = Path.Combine(Path.GetDirectoryName(gantry)!, LibraryFileName);
        if (!File.Exists(library))
        {
            return $"python-host = executable: {library} is missing; publish src/Gantry.Hosted beside gantry (./setup.sh --no-run does), or set python-host = library";
        }
        string interpreter;
        try
        {
            interpreter = PythonRuntime.HostingInterpreter(options.PythonHome);
        }
        catch (PythonStartupException exception)
        {
            return $"python-host = executable: {exception.Message}";
        }
        NativeEnvironment.Set(ExecutableVariable, gantry);
        // optimize is python's -O / -OO here: the interpreter reads it at its own start-up.
        string[] optimize = options.PythonOptimize > 0 ? ["-" + new string('O', options.PythonOptimize)] : [];
        using var argv = new NativeStringVector([interpreter, .. optimize, "-c", Bootstrap, library, .. args]);
        LibC.execv(argv.Pointer[0], argv.Pointer);
        return $"python-host = executable: cannot run {interpreter}: {LibC.ErrorText(LibC.Errno)}";
    }
}
