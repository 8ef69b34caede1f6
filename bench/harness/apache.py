"""apache2 serving CGI scripts the way a Debian user gets it from `a2enmod cgi`: Debian's
default MPM is event, which is threaded, so a2enmod enables mod_cgid (a daemon process that
forks the scripts) in place of mod_cgi. A generated minimal config under the run directory,
apache2 in the foreground (-DFOREGROUND: the parent stays attached, so the harness stops it
by PID), on the server core like every other row.

The MPM is held to one child process, as every other row has one worker process: one
parent (root, accepts nothing), one child with the listener and the worker threads, and
mod_cgid's daemon. The child gets 64 threads (ThreadsPerChild at Debian's ThreadLimit,
more than wrk's 32 connections): with fewer threads than connections, the event MPM closes
kept-alive connections when no thread is free, which would measure a lack of threads
rather than CGI. Keep-alive without a request limit (Debian's is 100), as the nginx
rows do, and no access log."""
import os
import signal

MODULES = "/usr/lib/apache2/modules"
THREADS = 64

_CONFIG = """ServerRoot {root}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {root}/apache2.pid
DefaultRuntimeDir {root}
ErrorLog {error_log}
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule alias_module {modules}/mod_alias.so
LoadModule cgid_module {modules}/mod_cgid.so
ScriptSock {root}/cgisock
StartServers 1
ServerLimit 1
ThreadLimit {threads}
ThreadsPerChild {threads}
MaxRequestWorkers {threads}
MinSpareThreads 1
MaxSpareThreads {max_spare}
MaxConnectionsPerChild 0
KeepAlive On
MaxKeepAliveRequests 0
ScriptAlias /cgi-bin/ {scripts}/
<Directory {scripts}>
    Require all granted
</Directory>
"""


def start(ctx, scripts):
    """Write the config for ScriptAlias /cgi-bin/ -> `scripts` and launch apache2."""
    if ctx.dry:
        ctx.commands.append(f"apache2 -f {ctx.path('apache2')}/apache2.conf -DFOREGROUND (mpm_event, 1 child process × "
                            f"{THREADS} threads, mod_cgid, ScriptAlias /cgi-bin/ {scripts}/, "
                            "KeepAlive On, MaxKeepAliveRequests 0, no access log)")
        return None
    root = ctx.path("apache2")
    os.mkdir(root)
    os.chmod(root, 0o755)                 # mod_cgid's daemon (www-data) reaches its socket here
    conf = f"{root}/apache2.conf"
    with open(conf, "w") as f:
        f.write(config(root, ctx.port, ctx.path("apache2-error.log").replace(ctx.run_dir, ctx.log_dir), scripts))
    # TERM: the parent stops its child and mod_cgid's daemon, then exits.
    return ctx.launch("apache2", ["apache2", "-f", conf, "-DFOREGROUND"], stop_signal=signal.SIGTERM)


def config(root, port, error_log, scripts):
    """The whole apache2.conf: pid file, runtime files and mod_cgid's socket under `root`."""
    # MaxSpareThreads above MinSpareThreads + ThreadsPerChild: the MPM never retires the one
    # child as idle.
    return _CONFIG.format(root=root, port=port, error_log=error_log, modules=MODULES, threads=THREADS,
                          max_spare=2 * THREADS, scripts=scripts)
