namespace Gantry.Python.AutoReload;

/// <summary>
/// The Python half of py-autoreload, run in the _gantry module when the option is on. It follows uWSGI 2.0.21's
/// uwsgi_python_autoreloader_thread (plugins/python/python_plugin.c): a thread per worker wakes every
/// interval, walks sys.modules (skipping py-auto-reload-ignore names and modules without a string __file__, a
/// compiled .pyc/.pyo standing for its .py), and compares each file's mtime with the first one it saw; the first
/// change is logged with uWSGI's line, SIGHUP goes to the master and the thread ends (one reload per worker life).
/// </summary>
/// <remarks>
/// Differences, all in the developer's favour: the first mtimes are taken when the thread starts rather than after
/// the first interval (an edit in that window is not missed); st_mtime_ns rather than whole seconds (two saves in
/// one second are seen); the files of a failed load (failed_files, see RuntimeHelpersSource) are watched too, so a
/// worker serving 500s after a syntax error reloads once the file is fixed. The thread is a daemon: it never
/// delays the worker's exit, and it releases the GIL while it sleeps.
/// </remarks>
internal static class AutoReloaderSource
{
    /// <summary>Defines start_autoreloader(interval, ignored).</summary>
    public const string Code = """
        def start_autoreloader(interval, ignored):
            import os
            import signal
            import threading
            import time

            ignored = frozenset(ignored)
            first_seen = {}

            def module_files():
                for name, module in list(sys.modules.items()):
                    if name in ignored or module is None:
                        continue
                    try:
                        path = getattr(module, '__file__', None)
                    except Exception:
                        continue
                    if not isinstance(path, str) or not path:
                        continue
                    if path.endswith(('.pyc', '.pyo')):
                        path = path[:-1]
                    yield path

            def modified():
                for path in [*module_files(), *failed_files]:
                    try:
                        mtime = os.stat(path).st_mtime_ns
                    except (OSError, ValueError):
                        continue
                    if first_seen.setdefault(path, mtime) != mtime:
                        return path
                return None

            def run():
                modified()
                while True:
                    time.sleep(interval)
                    path = modified()
                    if path is None:
                        continue
                    line = '[uwsgi-python-reloader] module/file %s has been modified\n' % path
                    os.write(2, line.encode('utf-8', 'backslashreplace'))
                    master = os.getppid()
                    # Parent 1 means the master is gone (the worker is about to follow it): nobody to reload.
                    if master > 1:
                        try:
                            os.kill(master, signal.SIGHUP)
                        except OSError as error:
                            line = '[uwsgi-python-reloader] cannot signal the master (pid %d): %s\n' % (master, error)
                            os.write(2, line.encode('utf-8', 'backslashreplace'))
                    return

            threading.Thread(target=run, name='uWSGIAutoReloader', daemon=True).start()
        """;
}
