namespace Gantry.Python;

/// <summary>
/// How to find Python and which WSGI application to load: the Python plugin options of uWSGI. The exe
/// applies chdir and env before <see cref="Runtime.PythonRuntime"/>.
/// </summary>
public sealed record PythonHostOptions
{
    /// <summary>
    /// uWSGI <c>wsgi-file</c> (alias <c>file</c>): a Python file executed as a module whose <see cref="Callable"/>
    /// is the application; its directory goes on sys.path. Default: none. Takes precedence over <see cref="Module"/>.
    /// </summary>
    public string? WsgiFile { get; init; }

    /// <summary>
    /// uWSGI <c>module</c> (aliases <c>wsgi</c>, <c>w</c>): <c>pkg.mod</c> or <c>pkg.mod:callable</c> (the suffix overrides
    /// <see cref="Callable"/>); the current directory goes on sys.path. Default: none.
    /// </summary>
    public string? Module { get; init; }

    /// <summary>uWSGI <c>callable</c>: the attribute of the module that is the WSGI callable. Default "application".</summary>
    public string Callable { get; init; } = "application";

    /// <summary>
    /// uWSGI <c>pythonpath</c> (aliases <c>python-path</c>, <c>pp</c>): directories prepended to sys.path in this order;
    /// glob patterns expand as in uWSGI (a pattern that matches nothing is kept as written). Default: empty.
    /// </summary>
    public IReadOnlyList<string> PythonPath { get; init; } = [];

    /// <summary>
    /// uWSGI <c>home</c> (aliases <c>virtualenv</c>, <c>venv</c>, <c>pyhome</c>): a virtualenv or Python prefix whose
    /// <c>bin/python3</c> names the interpreter (and so the libpython, sys.prefix and site-packages). Default: none,
    /// meaning Debian's <c>/usr/bin/python3</c> (never the python3 on PATH).
    /// </summary>
    public string? PythonHome { get; init; }

    /// <summary>
    /// Gantry's <c>python-library</c> (no uWSGI equivalent: uWSGI links one libpython at build time): the path of the
    /// libpython shared library to load, overriding the one the interpreter reports. Default: none.
    /// </summary>
    public string? PythonLibrary { get; init; }

    /// <summary>
    /// uWSGI <c>mount</c> and <c>worker-mount</c>: more applications, each under its mountpoint, loaded after
    /// <see cref="WsgiFile"/>/<see cref="Module"/> (whose mountpoint is ""), in this order. Together they form the app
    /// table a request is routed through (see <see cref="ManageScriptName"/>). Default: empty (one application).
    /// </summary>
    public IReadOnlyList<PythonMount> Mounts { get; init; } = [];

    /// <summary>
    /// uWSGI <c>manage-script-name</c>: the longest mountpoint that prefixes PATH_INFO at a segment boundary picks the
    /// application; SCRIPT_NAME becomes the mountpoint and PATH_INFO the rest. Default false: the SCRIPT_NAME the
    /// front sent picks the application by exact match.
    /// </summary>
    public bool ManageScriptName { get; init; }

    /// <summary>uWSGI <c>ignore-script-name</c>: SCRIPT_NAME never picks an application (the "" one or the default does). Default false.</summary>
    public bool IgnoreScriptName { get; init; }

    /// <summary>
    /// uWSGI <c>no-default-app</c>: a request no mountpoint matches gets 500 instead of going to the default app (the
    /// first one loaded). Default false.
    /// </summary>
    public bool NoDefaultApp { get; init; }

    /// <summary>WSGI <c>wsgi.multithread</c>; uWSGI sets it when <c>threads</c> &gt; 1. Default false.</summary>
    public bool Multithread { get; init; }

    /// <summary>WSGI <c>wsgi.multiprocess</c>; uWSGI sets it when <c>processes</c> &gt; 1. Default false.</summary>
    public bool Multiprocess { get; init; }

    /// <summary>
    /// uWSGI <c>need-app</c>: when true an application that fails to load stops start-up
    /// (<see cref="PythonStartupException.ExitCode"/> 22); when false (uWSGI 2.0's default) the worker keeps
    /// serving and answers every request with 500 "Internal Server Error". Default false.
    /// </summary>
    public bool NeedApp { get; init; }

    /// <summary>
    /// uWSGI <c>enable-threads</c>. Accepted for compatibility; threads the application starts always run, because
    /// the GIL is released whenever the loop waits (CPython 3.7+ always initialises the GIL). Default false.
    /// </summary>
    public bool EnableThreads { get; init; }

    /// <summary>
    /// uWSGI <c>py-autoreload</c>: every this many seconds a daemon thread compares the mtime of each loaded module's
    /// file (sys.modules → <c>__file__</c>), and of the files a failed application load was reading, with the first
    /// one it saw; on a change it logs "[uwsgi-python-reloader] module/file X has been modified", sends SIGHUP to the
    /// parent process (the master, which reloads gracefully) and stops. Runs only when <see cref="UnderMaster"/>.
    /// Default 0: off.
    /// </summary>
    public int AutoReloadSeconds { get; init; }

    /// <summary>
    /// True when this process is a worker a Gantry master spawned (its parent process is the master), which
    /// <see cref="AutoReloadSeconds"/> needs. Default false.
    /// </summary>
    public bool UnderMaster { get; init; }

    /// <summary>uWSGI <c>py-auto-reload-ignore</c>: sys.modules names the auto-reload scan skips. Default: empty.</summary>
    public IReadOnlyList<string> AutoReloadIgnore { get; init; } = [];

    /// <summary>
    /// uWSGI <c>optimize</c> (<c>-O</c>): Python's optimization level, as <c>python -O</c> (1) or <c>-OO</c> (2), set
    /// before the interpreter starts. Default 0.
    /// </summary>
    public int Optimize { get; init; }

    /// <summary>
    /// uWSGI <c>import</c> (aliases <c>pyimport</c>, <c>py-import</c>, <c>python-import</c>): modules imported, in order,
    /// after sys.path is set and before the application loads; an entry holding '/' or ending in ".py" is a file.
    /// A failure is logged with its traceback and start-up goes on, as uWSGI does. Default: none.
    /// </summary>
    public IReadOnlyList<string> Imports { get; init; } = [];

    /// <summary>
    /// sys.argv[1:]: uWSGI <c>pyargv</c> split on spaces (runs of spaces count as one). sys.argv[0] is "gantry"
    /// (uWSGI: "uwsgi"). Default: none.
    /// </summary>
    public IReadOnlyList<string> Argv { get; init; } = [];

    /// <summary>uWSGI <c>wsgi-disable-file-wrapper</c>: leave wsgi.file_wrapper out of the environ. Default false.</summary>
    public bool DisableFileWrapper { get; init; }

    /// <summary>
    /// uWSGI <c>py-program-name</c>: the program name given to Python (sys.executable, and where getpath starts
    /// looking for the prefix). Default: the interpreter's path.
    /// </summary>
    public string? ProgramName { get; init; }

    /// <summary>
    /// Gantry's <c>asgi</c> (and <c>gantry asgi MODULE:ATTR</c>): set when <see cref="Module"/> names an ASGI 3 application
    /// rather than a WSGI callable, with how to serve it. Default: null (WSGI).
    /// </summary>
    public Asgi.AsgiOptions? Asgi { get; init; }

    /// <summary>
    /// Where the interpreter's garbage collections are counted (a master's worker: its scoreboard record, for the
    /// metrics). Default: null, not counted.
    /// </summary>
    public Application.IRuntimeCounters? RuntimeCounters { get; init; }
}
