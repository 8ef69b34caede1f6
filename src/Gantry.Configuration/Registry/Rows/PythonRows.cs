using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Which Python application to load and how (uWSGI plugins/python/python_plugin.c).</summary>
internal static class PythonRows
{
    private const string OtherApps = "Gantry loads WSGI applications only; wrap the app in a WSGI callable and use --module";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Python;
        t.Supported("wsgi-file file", Text, "load the WSGI callable from this Python file",
            (o, v) => o.WsgiFile = v.Text);
        t.Supported("module wsgi -w", Text, "load the WSGI callable from this module: pkg.mod or pkg.mod:callable",
            (o, v) => o.SetModule(v.Text));
        t.Supported("callable", Text, "name of the WSGI callable in the file or module",
            (o, v) => o.Callable = v.Text, defaultValue: "application");
        t.Supported("chdir", Text, "change to this directory before loading the application",
            (o, v) => o.Chdir = v.Text);
        t.Supported("pythonpath python-path pp *", Text, "add a directory (or a glob) to sys.path",
            (o, v) => o.PythonPath.Add(v.Text));
        t.Supported("home virtualenv venv pyhome -H", Text, "virtualenv (or PYTHONHOME) to run the application in",
            (o, v) => o.PythonHome = v.Text);
        t.Supported("env ienv *", KeyValue, "set an environment variable before the application loads: KEY=VALUE",
            (o, v) => o.Environment.Add(v.AsPair()));
        t.Supported("need-app ?", Flag, "exit (code 22) when the application cannot be loaded; Gantry does so by default when an app is configured, --need-app false keeps serving 500s",
            (o, v) => o.NeedApp = v.Flag, defaultValue: "on when an app is configured");
        t.Supported("mount *", KeyValue,
            "load another application under a mountpoint: /path=app.py (or .wsgi) or /path=pkg.mod[:callable]; the wsgi-file/module app is mountpoint \"\"",
            (o, v) => o.Mounts.Add(v.AsPair()));
        t.Supported("worker-mount *", KeyValue,
            "as mount: Gantry's workers always load their applications themselves, after they start",
            (o, v) => o.Mounts.Add(v.AsPair()));
        t.Supported("manage-script-name", Flag,
            "pick the mounted app by the longest mountpoint that prefixes PATH_INFO; SCRIPT_NAME becomes the mountpoint, PATH_INFO the rest",
            (o, v) => o.ManageScriptName = v.Flag, defaultValue: "false");
        t.Supported("ignore-script-name", Flag,
            "never pick the mounted app by the SCRIPT_NAME the front sent (nginx uwsgi_param SCRIPT_NAME)",
            (o, v) => o.IgnoreScriptName = v.Flag, defaultValue: "false");
        t.Supported("no-default-app", Flag,
            "answer 500 when no mountpoint matches instead of using the default app (the first one loaded)",
            (o, v) => o.NoDefaultApp = v.Flag, defaultValue: "false");
        t.Supported("asgi", Text, "load this ASGI 3 application (HTTP and lifespan) instead of a WSGI callable: pkg.mod:attr",
            (o, v) => o.Asgi = v.Text, gantryOnly: true);
        t.Supported("asgi-lifespan", Text, "ASGI lifespan protocol, as uvicorn's --lifespan: auto (an app that raises before answering startup has none), on, off",
            (o, v) => o.AsgiLifespan = v.Text, defaultValue: "auto", gantryOnly: true);
        t.Supported("asgi-factory", Flag, "the asgi attribute is a factory: call it with no arguments to make the app (uvicorn's --factory)",
            (o, v) => o.AsgiFactory = v.Flag, defaultValue: "false", gantryOnly: true);
        t.Supported("asgi-root-path", Text, "the scope's root_path prefix, for an ASGI app mounted below a proxy path (daphne's and uvicorn's --root-path)",
            (o, v) => o.AsgiRootPath = v.Text, gantryOnly: true);
        t.Supported("asgi-proxy-headers", Flag, "take the scope's client from X-Forwarded-For and its scheme from X-Forwarded-Proto (--proxy-headers)",
            (o, v) => o.AsgiProxyHeaders = v.Flag, defaultValue: "false", gantryOnly: true);
        t.Supported("asgi-forwarded-allow-ips", Text, "with asgi-proxy-headers, the peers whose forwarded headers are trusted: a comma-separated list of addresses, or * (uvicorn's --forwarded-allow-ips)",
            (o, v) => o.AsgiForwardedAllowIps = v.Text, defaultValue: "127.0.0.1", gantryOnly: true);
        t.Supported("asgi-close-timeout", Integer, "seconds an ASGI app may run on after its client left before its task is cancelled (daphne's --application-close-timeout; 0: never)",
            (o, v) => o.AsgiCloseTimeout = v.Int32, defaultValue: "0 (never)", gantryOnly: true);
        t.Supported("asgi-limit-concurrency", Integer, "answer 503 beyond this many ASGI requests in progress on one loop thread (uvicorn's --limit-concurrency)",
            (o, v) => o.AsgiLimitConcurrency = v.Int32, defaultValue: "0 (no limit)", gantryOnly: true);
        t.Supported("python-library", Text, "path of the libpython shared library to embed (found automatically when absent)",
            (o, v) => o.PythonLibrary = v.Text, gantryOnly: true);
        t.Supported("python-host", Text,
            "what runs Python: library (gantry embeds libpython3.X.so, the default) or executable (each Python-bearing process becomes the interpreter found for home/virtualenv, e.g. /usr/bin/python3.11, Debian's static PGO+LTO build, with gantry.so from beside the gantry binary loaded into it: 1.1-1.2x faster Python)",
            (o, v) => o.PythonHost = v.Text, defaultValue: "library", gantryOnly: true);
        t.Supported("optimize -O", Integer, "Python optimization level, as python -O / -OO",
            (o, v) => o.PythonOptimize = v.Int32, defaultValue: "0", maximum: 2, maximumReason: "Python knows levels 0, 1 and 2");
        t.Supported("import pyimport py-import python-import *", Text, "import this module before the application loads",
            (o, v) => o.PythonImports.Add(v.Text));
        t.Supported("pyargv", Text, "set sys.argv[1:] (split on spaces; sys.argv[0] is 'gantry')",
            (o, v) => o.PythonArgv = v.Text);
        t.Supported("wsgi-disable-file-wrapper", Flag, "leave wsgi.file_wrapper out of the environ",
            (o, v) => o.WsgiDisableFileWrapper = v.Flag, defaultValue: "false");

        t.Ignored("Gantry runs one interpreter per worker and mounted apps share it (uWSGI's behaviour with this option), so there are no sub-interpreters to turn off",
            ("single-interpreter -i", Flag, "do not use sub-interpreters"));
        t.Ignored("Gantry's workers always load the application themselves, after they start",
            ("lazy-apps", Flag, "load the application in each worker instead of the master"),
            ("shared-import shared-pyimport shared-py-import shared-python-import *", Text, "import a module in every process"));
        t.Ignored("Gantry follows PEP 3333 and keeps no compatibility switches",
            ("wsgi-env-behaviour wsgi-env-behavior", Text, "how the environ dict is allocated and freed per request"),
            ("wsgi-strict", Flag, "turn off optimizations that bend PEP 3333"),
            ("wsgi-accept-buffer wsgi-accept-buffers", Flag, "accept buffer objects as response chunks"),
            ("wsgi-manage-chunked-input", Flag, "support chunked request bodies through wsgi.input_terminated"),
            ("start_response-nodelay", Flag, "send the headers as soon as start_response is called"));
        t.Ignored("Gantry's embedding sets these itself",
            ("py-programname py-program-name", Text, "Python program name"),
            ("py-executable py-sys-executable", Text, "value of sys.executable"),
            ("no-site", Flag, "do not import the site module"),
            ("py-call-osafterfork", Flag, "let Python handle OS signals in forked workers"),
            ("py-call-uwsgi-fork-hooks", Flag, "run Python's fork hooks when uWSGI forks"),
            ("early-python", Flag, "start Python as soon as possible"),
            ("early-pythonpath early-python-path *", Text, "add to sys.path before anything else"),
            ("reload-os-env", Flag, "refresh os.environ on every request"),
            ("py-master-check-signals", Flag, "run Python signal handlers in the master"),
            ("pymodule-alias *", Text, "make a module importable under another name"),
            ("post-pymodule-alias *", Text, "pymodule-alias, applied after the uwsgi module loads"));
        t.Supported("py-autoreload py-auto-reload python-autoreload python-auto-reload", Integer,
            "development only: every N seconds each worker checks the mtime of every loaded module's file (and of the files a failed app load was reading); a change logs \"[uwsgi-python-reloader] module/file X has been modified\" and reloads gracefully; turns the master on, as in uWSGI, and need-app off unless given, so a worker whose app fails to load answers 500 and reloads once the file is fixed",
            (o, v) =>
            {
                // uWSGI marks these UWSGI_OPT_MASTER: the workers signal the master to reload, so the option turns it on.
                o.PyAutoReload = v.Int32;
                o.Master = true;
            },
            defaultValue: "0 (off)");
        t.Supported("py-auto-reload-ignore *", Text, "module (its sys.modules name) the auto-reload scan skips",
            (o, v) => o.PyAutoReloadIgnore.Add(v.Text));
        t.Rejected(OtherApps,
            ("eval", Text, "define the application with inline Python code"),
            ("paste", Text, "load the application from a paste.deploy config"),
            ("paste-logger", Flag, "set up the paste.deploy loggers"),
            ("paste-name", Text, "section of the paste.deploy config"),
            ("pecan", Text, "load a Pecan application"),
            ("web3", Text, "load a web3 application"),
            ("pump", Text, "load a Pump application"),
            ("wsgi-lite", Text, "load a wsgi-lite application"),
            ("python-raw", Text, "Python file handling raw connections"),
            ("python-worker-override", Text, "replace the worker loop with a Python script"),
            ("dynamic-apps", Flag, "let requests load applications through uwsgi variables"),
            ("vhost", Flag, "pick the application by virtual host"),
            ("vhost-host", Flag, "pick the application by Host header"));
        t.Rejected("interactive and one-shot Python runs are not a server's job; run python directly",
            ("pyshell ?", Text, "open an interactive Python shell inside the server"),
            ("pyshell-oneshot ?", Text, "open a Python shell once"),
            ("python py pyrun", Text, "run a Python script inside the server and exit"),
            ("test -J", Text, "check that a module imports, and exit"),
            ("python-version", Flag, "print the Python version"));
        t.Rejected("spooler, mules and shared areas are not implemented",
            ("spooler-import spooler-pyimport spooler-py-import spooler-python-import *", Text, "import a module in the spooler"),
            ("py-sharedarea *", Integer, "create a shared area from a bytearray"));
        t.Rejected("early imports are not supported; use --import, which runs before the application loads",
            ("early-pyimport early-python-import *", Text, "import a module before the server starts"));
        t.Ignored("Gantry has no Python tracebacker socket yet; use faulthandler",
            ("py-tracebacker", Text, "socket that dumps every thread's stack"));
    }
}
