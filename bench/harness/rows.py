"""Every server set-up the harness measures ("rows"), each a start function over a RunContext.

Request logging is off everywhere: gantry and uWSGI --disable-logging, uvicorn --no-access-log,
nginx access_log off, apache2 with no access log; gunicorn logs no access by default. Every
uWSGI runs as the seed's ini does (master + workers), here with one single-threaded worker:
one core, one worker.
"""
import os
import signal
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Callable

from . import apache, nginx, phpfpm, whole
from .launch import NotAvailable

HELLO = b"Hello World"              # what the WSGI/ASGI hellos and nginx's `return 200` answer
JSON_HELLO = b'{"message":"Hello World"}'  # what the Starlette and FastAPI hellos answer
CGI_HELLO = b"Hello, World!"        # what apps/cgi/hello.sh and hello.py print


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    start: Callable
    note: str = ""
    whole_machine: bool = False     # whole.py: unpinned, 2 workers, wrk -t2 -c64
    front_on_client_core: bool = False  # nginx on the client core with wrk; the server alone on its core
    gantry: bool = False            # runs gantry: has a twin `<id>-baseline` on the --baseline binary
    path: str = "/"                 # what the readiness probe and wrk request
    body: bytes = HELLO             # the body the readiness probe must get (whitespace around it aside)
    forks_per_request: bool = False  # a process per request (CGI): its CPU is counted through a cgroup
    wrk_args: tuple = ()            # added to wrk's arguments (warm-up and measured run)


BASELINE = "-baseline"


def on_baseline(row):
    """The same set-up, same arguments, with the --baseline binary in place of gantry: the
    "before" of a before/after comparison measured in the same run as the "after"."""
    def start(ctx):
        ctx.paths = SimpleNamespace(**dict(vars(ctx.paths), gantry=ctx.paths.baseline))
        return row.start(ctx)
    note = "; ".join(filter(None, ["the same command on the baseline binary", row.note]))
    return replace(row, id=row.id + BASELINE, title=f"{row.title} (baseline)", start=start, note=note,
                   gantry=False)


def _gantry(ctx, front, app):
    return ctx.launch("gantry", [ctx.paths.gantry, *front, *app, "--disable-logging"])


def _gantry_master(ctx, front, app):
    # With --master, TERM is a brutal reload (uWSGI 2.0's meaning); INT is the shutdown.
    return ctx.launch("gantry", [ctx.paths.gantry, "--master", "--processes", str(whole.WORKERS),
                                 *front, *app, "--disable-logging"], stop_signal=signal.SIGINT)


def _uwsgi(ctx, front, app, processes=1, logging=()):
    """uWSGI with a master; its request log off unless `logging` gives the options that turn it on."""
    # INT is uWSGI's immediate shutdown; --die-on-term makes TERM one too.
    argv = ["uwsgi", "--plugin", "python3", "--master", "--processes", str(processes),
            *(logging or ["--disable-logging"]), "--die-on-term", "--need-app", *front, *app]
    return ctx.launch("uwsgi", argv, stop_signal=signal.SIGINT)


def _hello(ctx, content_length=False):
    name = "hello_wsgi_cl.py" if content_length else "hello_wsgi.py"
    return ["--wsgi-file", f"{ctx.paths.apps}/{name}"]


def _django(ctx):
    return ["--chdir", ctx.paths.djhello, "--module", "djhello.wsgi:application"]


def _gunicorn(ctx, chdir, app):
    return ctx.launch("gunicorn", ["gunicorn", "-w", "1", "-k", "sync", "-b", f"127.0.0.1:{ctx.port}",
                                   "--chdir", chdir, app])


def _gantry_bound(ctx, option, address, proc):
    """Wait for gantry's readiness line, which names every bound address: if gantry exits
    first (it refuses an option it does not serve yet) or the line does not name ours, the
    row is not available."""
    if proc is not None:
        line = ctx.wait_for_line(proc, "gantry ready", timeout=20)
        if address.split(":")[-1] not in line:
            raise NotAvailable(f"gantry accepted {option} but did not bind it (readiness line: '{line}')")


def _gantry_behind_nginx(ctx, option, transport, pass_directive):
    """gantry on a uwsgi/FastCGI socket (TCP or unix) with nginx in front."""
    address = f"127.0.0.1:{ctx.other_port()}" if transport == "tcp" else ctx.path("gantry.sock")
    extra = ["--chmod-socket=666"] if transport == "unix" else []
    _gantry_bound(ctx, option, address, _gantry(ctx, [option, address, *extra], _hello(ctx)))
    nginx.start(ctx, pass_directive(address if transport == "tcp" else f"unix:{address}"))


def _gantry_behind_nginx_kept(ctx, kind):
    """nginx keeping its upstream connections to gantry (issue 16 §6, deploy/nginx/): `proxy_pass` to the HTTP front
    with HTTP/1.1 and an upstream keepalive pool, or `fastcgi_pass` with `fastcgi_keep_conn on`, over TCP."""
    address = f"127.0.0.1:{ctx.other_port()}"
    option = "--http" if kind == "http" else "--fastcgi-socket"
    _gantry_bound(ctx, option, address, _gantry(ctx, [option, address], _hello(ctx)))
    upstream = f"upstream gantry_kept {{ server {address}; keepalive 16; }}"
    if kind == "http":
        location = 'proxy_pass http://gantry_kept; proxy_http_version 1.1; proxy_set_header Connection "";'
    else:
        location = nginx.fastcgi_pass("gantry_kept") + " fastcgi_keep_conn on;"
    nginx.start(ctx, location, upstream)


def _gantry_observed(ctx, observed, log_to=None):
    """gantry with a master and one worker, everything off, or the stats server, the metrics address and the request
    log (to a file, or to `log_to`) on: the cost of being watched (issue 16's ≥ 0.97× target)."""
    extra = []
    if observed:
        extra = ["--stats", f"127.0.0.1:{ctx.other_port()}", "--stats-http", "--logto", log_to or ctx.path("requests.log")]
    argv = [ctx.paths.gantry, "--master", "--processes", "1", "--http", f"127.0.0.1:{ctx.port}", *_hello(ctx), *extra]
    if not observed:
        argv.append("--disable-logging")
    return ctx.launch("gantry", argv, stop_signal=signal.SIGINT)


def _uwsgi_behind_nginx(ctx, option, transport, pass_directive):
    address = f"127.0.0.1:{ctx.other_port()}" if transport == "tcp" else ctx.path("uwsgi.sock")
    extra = ["--chmod-socket=666"] if transport == "unix" else []
    _uwsgi(ctx, [option, address, *extra], _hello(ctx))
    nginx.start(ctx, pass_directive(address if transport == "tcp" else f"unix:{address}"))


def _uvicorn(ctx, workers=1, app="hello_asgi:application"):
    ctx.launch("uvicorn", [ctx.paths.python, "-m", "uvicorn", "--app-dir", ctx.paths.apps,
                           app, "--host", "127.0.0.1", "--port", str(ctx.port),
                           "--workers", str(workers), "--no-access-log", "--log-level", "warning",
                           "--loop", "uvloop", "--http", "httptools"])


def _gantry_asgi(ctx, app="hello_asgi:application"):
    return _gantry(ctx, ["--http", f"127.0.0.1:{ctx.port}"], ["--pythonpath", ctx.paths.apps, "--asgi", app])


def _gantry_hosted(ctx, front, app):
    """gantry with --python-host executable: Debian's /usr/bin/python3 (static, PGO+LTO libpython) is the process,
    with gantry.so (published beside the gantry binary by setup.sh) loaded into it; otherwise as _gantry."""
    library = os.path.join(os.path.dirname(ctx.paths.gantry), "gantry.so")
    if not ctx.dry and not os.path.exists(library):
        raise NotAvailable(f"{library} is missing: ./setup.sh --no-run publishes it beside gantry")
    return _gantry(ctx, front, [*app, "--python-host", "executable"])


def _gantry_hosted_asgi(ctx, app="hello_asgi:application"):
    return _gantry_hosted(ctx, ["--http", f"127.0.0.1:{ctx.port}"], ["--pythonpath", ctx.paths.apps, "--asgi", app])


def _daphne(ctx):
    ctx.launch("daphne", [ctx.paths.python, "-m", "daphne", "-b", "127.0.0.1", "-p", str(ctx.port), "-v", "0",
                          "hello_asgi:application"], cwd=ctx.paths.apps)


def _hypercorn(ctx):
    ctx.launch("hypercorn", [ctx.paths.python, "-m", "hypercorn", "--bind", f"127.0.0.1:{ctx.port}",
                             "--workers", "1", "--log-level", "warning", "hello_asgi:application"], cwd=ctx.paths.apps)


def _gantry_cgi(ctx):
    """gantry, single process (one loop thread), serving ctx.paths.cgi at /cgi-bin."""
    address = f"127.0.0.1:{ctx.port}"
    _gantry_bound(ctx, "--cgi", address,
                  _gantry(ctx, ["--http-socket", address], ["--cgi", f"/cgi-bin={ctx.paths.cgi}"]))


def _uwsgi_cgi(ctx):
    # Debian's cgi plugin (in uwsgi-core); modifier1 9 sends the HTTP socket's requests to it
    # (the default, 0, is Python's). No --need-app: the plugin loads no application.
    return ctx.launch("uwsgi", ["uwsgi", "--plugin", "cgi", "--master", "--processes", "1",
                                "--disable-logging", "--die-on-term", "--http-socket", f"127.0.0.1:{ctx.port}",
                                "--http-socket-modifier1", "9", "--cgi", f"/cgi-bin={ctx.paths.cgi}"],
                      stop_signal=signal.SIGINT)


# A Python CGI costs tens of ms of the core: with 32 connections a request waits for the 31
# before it, longer than wrk's default 2 s timeout, past which wrk records no latency.
CGI_WRK_ARGS = ("--timeout", "30s")


def _cgi_rows(script, language):
    """gantry, uWSGI and apache2 serving one CGI hello, `/cgi-bin/<script>`."""
    def row(row_id, title, start, note="", **kw):
        return Row(f"{row_id}-{script.rsplit('.', 1)[1]}", f"{title} ({script})", start, note,
                   path=f"/cgi-bin/{script}", body=CGI_HELLO, forks_per_request=True,
                   wrk_args=CGI_WRK_ARGS, **kw)
    return [
        row("gantry-cgi", "gantry --http-socket --cgi", _gantry_cgi, f"{language}; single process", gantry=True),
        row("uwsgi-cgi", "uWSGI --plugin cgi", _uwsgi_cgi,
            f"{language}; one worker runs one script at a time; closes the connection after each "
            "response (read errors in wrk)"),
        row("apache-cgi", "apache2 mpm_event + mod_cgid", lambda ctx: apache.start(ctx, ctx.paths.cgi),
            f"{language}; Debian's `a2enmod cgi` on its default MPM (event) enables mod_cgid; one child "
            f"process × {apache.THREADS} threads"),
    ]


PHP_KEEPALIVE = phpfpm.CHILDREN    # idle php-fpm connections kept: no more than the children they would hold


def _gantry_php(ctx, transport, keepalive, max_conns=False):
    """gantry, single process, serving the seed's site from the PHP docroot through php-fpm."""
    address = f"127.0.0.1:{ctx.port}"
    fpm = phpfpm.start(ctx, transport)
    _gantry_bound(ctx, "--php-fpm", address,
                  _gantry(ctx, ["--http-socket", address],
                          ["--php-docroot", phpfpm.docroot(ctx), "--php-fpm", fpm,
                           "--php-index", "index.html", "--php-index", "index.htm",
                           "--php-index", "index.nginx-debian.html", "--php-index", "index.php",
                           "--php-fpm-keepalive", str(PHP_KEEPALIVE if keepalive else 0),
                           *(["--php-fpm-max-conns", str(phpfpm.CHILDREN)] if max_conns else [])]))


def _nginx_php(ctx, transport, keepalive):
    """nginx (1 worker) serving the seed's site through the same php-fpm pool."""
    fpm = phpfpm.start(ctx, transport)
    target = fpm if transport == "tcp" else f"unix:{fpm}"
    nginx.start(ctx, phpfpm.nginx_site(phpfpm.docroot(ctx), target, keepalive),
                phpfpm.nginx_upstream(target, PHP_KEEPALIVE if keepalive else 0))


def _php_rows():
    """gantry and nginx in front of one php-fpm pool, TCP and unix, with and without kept connections."""
    rows = []
    for transport in ("tcp", "unix"):
        for keepalive in (True, False):
            suffix = f"{transport}{'' if keepalive else '-close'}"
            how = (f"{transport}, {'FCGI_KEEP_CONN, ' + str(PHP_KEEPALIVE) + ' idle kept' if keepalive else 'a connection per request'}; "
                   f"php-fpm pm static {phpfpm.CHILDREN} children")
            rows.append(Row(f"gantry-php-{suffix}", f"gantry --php-fpm ({how.split(';')[0]})",
                            lambda ctx, t=transport, k=keepalive: _gantry_php(ctx, t, k), how, gantry=True))
            rows.append(Row(f"nginx-php-{suffix}", f"nginx → php-fpm ({how.split(';')[0]})",
                            lambda ctx, t=transport, k=keepalive: _nginx_php(ctx, t, k),
                            how + "; the seed's server block with Debian's fastcgi-php.conf"))
    for transport in ("tcp", "unix"):
        rows.append(Row(f"gantry-php-{transport}-queue", f"gantry --php-fpm ({transport}, kept, max-conns {phpfpm.CHILDREN})",
                        lambda ctx, t=transport: _gantry_php(ctx, t, True, max_conns=True),
                        f"{transport}; --php-fpm-keepalive {PHP_KEEPALIVE} --php-fpm-max-conns {phpfpm.CHILDREN}: at most as "
                        "many connections as php-fpm children, the other requests queue in gantry (nginx's max_conns "
                        "answers 502 instead)", gantry=True))
    return rows


STATIC_SIZES = {"1k": 1024, "1m": 1024 * 1024}


def static_body(size):
    """The bytes of the static file of that size: printable, so the readiness probe can compare them."""
    return (b"0123456789abcdef" * (STATIC_SIZES[size] // 16 + 1))[:STATIC_SIZES[size]]


def _static_root(ctx):
    """The document root of the static rows (one per run, readable by nginx's www-data workers)."""
    import os
    root = os.path.join(ctx.run_dir, "static")
    if not ctx.dry and not os.path.exists(root):
        os.makedirs(root)
        os.chmod(root, 0o755)
        for size in STATIC_SIZES:
            path = os.path.join(root, f"{size}.bin")
            with open(path, "wb") as f:
                f.write(static_body(size))
            os.chmod(path, 0o644)
    return root


def _gantry_static(ctx, whole_machine):
    """gantry serving the root with check-static (the hello app answers what is not a file)."""
    front = ["--http", f"127.0.0.1:{ctx.port}", "--check-static", _static_root(ctx)]
    if whole_machine:
        return _gantry_master(ctx, front, _hello(ctx))
    return _gantry(ctx, front, _hello(ctx))


def _nginx_static(ctx, whole_machine):
    """nginx's static module on the same root (sendfile on, as Debian's nginx.conf; 1 worker, or 2 for the whole machine)."""
    return nginx.start(ctx, f"root {_static_root(ctx)}; sendfile on; tcp_nopush on;",
                       workers=whole.WORKERS if whole_machine else 1)


def _static_rows():
    rows = []
    for size in STATIC_SIZES:
        for whole_machine in (False, True):
            suffix = f"{size}{'-2w' if whole_machine else ''}"
            where = "whole machine, 2 workers" if whole_machine else "one core"
            rows.append(Row(f"gantry-static-{suffix}", f"gantry --check-static ({size.upper()}iB file, {where})",
                            lambda ctx, w=whole_machine: _gantry_static(ctx, w),
                            "sendfile(2); ETag and Last-Modified as nginx", whole_machine=whole_machine,
                            gantry=not whole_machine, path=f"/{size}.bin", body=static_body(size)))
            rows.append(Row(f"nginx-static-{suffix}", f"nginx static ({size.upper()}iB file, {where})",
                            lambda ctx, w=whole_machine: _nginx_static(ctx, w),
                            "sendfile on, tcp_nopush on", whole_machine=whole_machine,
                            path=f"/{size}.bin", body=static_body(size)))
    return rows


SPLIT_NOTE = "nginx and wrk share core 1, the server has core 0 to itself"

ALL = [
    Row("gantry", "gantry --http",
        lambda ctx: _gantry(ctx, ["--http", f"127.0.0.1:{ctx.port}"], _hello(ctx)), gantry=True),
    Row("uwsgi-http-socket", "uWSGI --http-socket",
        lambda ctx: _uwsgi(ctx, ["--http-socket", f"127.0.0.1:{ctx.port}"], _hello(ctx)),
        "closes the connection after each response: wrk counts each close as a read error"),
    Row("uwsgi-http11-socket", "uWSGI --http11-socket",
        lambda ctx: _uwsgi(ctx, ["--http11-socket", f"127.0.0.1:{ctx.port}"], _hello(ctx, True)),
        "app sets Content-Length; one sync worker holds a kept-alive connection, so 1 of 32 "
        "connections is served at a time"),
    Row("nginx-uwsgi-unix", "nginx → uWSGI (uwsgi_pass, unix)",
        lambda ctx: _uwsgi_behind_nginx(ctx, "--socket", "unix", nginx.uwsgi_pass)),
    Row("gunicorn", "gunicorn sync",
        lambda ctx: _gunicorn(ctx, ctx.paths.apps, "hello_wsgi:application")),
    Row("uvicorn", "uvicorn (uvloop, httptools; ASGI)", _uvicorn,
        "ASGI hello (apps/hello_asgi.py), sets Content-Length"),
    Row("gantry-asgi", "gantry --http --asgi",
        _gantry_asgi, "ASGI hello (apps/hello_asgi.py), sets Content-Length; single process", gantry=True),
    Row("daphne", "daphne (Twisted; ASGI)", _daphne, "ASGI hello (apps/hello_asgi.py)"),
    Row("hypercorn", "hypercorn (asyncio; ASGI)", _hypercorn, "ASGI hello (apps/hello_asgi.py), one worker"),
    Row("gantry-starlette", "gantry --http --asgi (Starlette)",
        lambda ctx: _gantry_asgi(ctx, "hello_starlette:app"),
        "Starlette JSON hello (apps/hello_starlette.py); single process", gantry=True, body=JSON_HELLO),
    Row("uvicorn-starlette", "uvicorn (uvloop, httptools; Starlette)",
        lambda ctx: _uvicorn(ctx, app="hello_starlette:app"), "Starlette JSON hello (apps/hello_starlette.py)",
        body=JSON_HELLO),
    Row("gantry-fastapi", "gantry --http --asgi (FastAPI)",
        lambda ctx: _gantry_asgi(ctx, "hello_fastapi:app"),
        "FastAPI JSON hello (apps/hello_fastapi.py); single process", gantry=True, body=JSON_HELLO),
    Row("uvicorn-fastapi", "uvicorn (uvloop, httptools; FastAPI)",
        lambda ctx: _uvicorn(ctx, app="hello_fastapi:app"), "FastAPI JSON hello (apps/hello_fastapi.py)",
        body=JSON_HELLO),
    Row("gantry-hosted", "gantry --http, hosted by /usr/bin/python3",
        lambda ctx: _gantry_hosted(ctx, ["--http", f"127.0.0.1:{ctx.port}"], _hello(ctx)),
        "WSGI hello; --python-host executable: gantry.so in Debian's static python3"),
    Row("gantry-hosted-asgi", "gantry --http --asgi, hosted by /usr/bin/python3", _gantry_hosted_asgi,
        "ASGI hello; --python-host executable: gantry.so in Debian's static python3"),
    Row("gantry-hosted-starlette", "gantry --http --asgi (Starlette), hosted by /usr/bin/python3",
        lambda ctx: _gantry_hosted_asgi(ctx, "hello_starlette:app"),
        "Starlette JSON hello; --python-host executable: gantry.so in Debian's static python3", body=JSON_HELLO),
    Row("gantry-hosted-fastapi", "gantry --http --asgi (FastAPI), hosted by /usr/bin/python3",
        lambda ctx: _gantry_hosted_asgi(ctx, "hello_fastapi:app"),
        "FastAPI JSON hello; --python-host executable: gantry.so in Debian's static python3", body=JSON_HELLO),
    Row("nginx-return", "nginx return 200 (ceiling)",
        lambda ctx: nginx.start(ctx, nginx.RETURN_200), "no application: the ceiling of this core"),

    Row("gantry-django", "gantry --http",
        lambda ctx: _gantry(ctx, ["--http", f"127.0.0.1:{ctx.port}"], _django(ctx)), gantry=True),
    Row("uwsgi-django", "uWSGI --http-socket",
        lambda ctx: _uwsgi(ctx, ["--http-socket", f"127.0.0.1:{ctx.port}"], _django(ctx)),
        "closes the connection after each response (read errors in wrk)"),
    Row("gunicorn-django", "gunicorn sync",
        lambda ctx: _gunicorn(ctx, ctx.paths.djhello, "djhello.wsgi:application")),

    Row("nginx-gantry-tcp", "nginx → gantry (uwsgi_pass, TCP)",
        lambda ctx: _gantry_behind_nginx(ctx, "--socket", "tcp", nginx.uwsgi_pass), gantry=True),
    Row("nginx-gantry-unix", "nginx → gantry (uwsgi_pass, unix)",
        lambda ctx: _gantry_behind_nginx(ctx, "--socket", "unix", nginx.uwsgi_pass), gantry=True),
    Row("nginx-uwsgi-tcp", "nginx → uWSGI (uwsgi_pass, TCP)",
        lambda ctx: _uwsgi_behind_nginx(ctx, "--socket", "tcp", nginx.uwsgi_pass)),
    Row("nginx-gantry-fastcgi-unix", "nginx → gantry (fastcgi_pass, unix)",
        lambda ctx: _gantry_behind_nginx(ctx, "--fastcgi-socket", "unix", nginx.fastcgi_pass), gantry=True),
    Row("nginx-uwsgi-fastcgi-unix", "nginx → uWSGI (fastcgi_pass, unix)",
        lambda ctx: _uwsgi_behind_nginx(ctx, "--fastcgi-socket", "unix", nginx.fastcgi_pass)),

    Row("nginx-gantry-http-kept", "nginx → gantry (proxy_pass, HTTP/1.1, upstream keepalive 16, TCP)",
        lambda ctx: _gantry_behind_nginx_kept(ctx, "http"), "deploy/nginx/'s recommended site", gantry=True),
    Row("nginx-gantry-fastcgi-kept", "nginx → gantry (fastcgi_pass, fastcgi_keep_conn on, keepalive 16, TCP)",
        lambda ctx: _gantry_behind_nginx_kept(ctx, "fastcgi"), gantry=True),

    Row("gantry-master-quiet", "gantry --master --processes 1 --http, --disable-logging",
        lambda ctx: _gantry_observed(ctx, False), gantry=True),
    Row("gantry-master-observed", "gantry --master --processes 1 --http, --stats --stats-http, request log to a file",
        lambda ctx: _gantry_observed(ctx, True), "the stats server is not scraped during the run", gantry=True),
    # In no table: for bench/cpu-pairs.sh, the observed row's cost without the file system's (formatting, not the page cache).
    Row("gantry-master-observed-devnull", "gantry --master --processes 1 --http, --stats --stats-http, request log to /dev/null",
        lambda ctx: _gantry_observed(ctx, True, "/dev/null"), "the stats server is not scraped during the run"),
    # In no table: for bench/cpu-pairs.sh, what being watched costs the peer (uWSGI's own request log and stats server).
    # One sync worker serves one kept-alive connection at a time: measure these with `bench/cpu-pairs.sh -c 1`.
    Row("uwsgi-master-quiet", "uWSGI --master --processes 1 --http11-socket, --disable-logging",
        lambda ctx: _uwsgi(ctx, ["--http11-socket", f"127.0.0.1:{ctx.port}"], _hello(ctx, True))),
    Row("uwsgi-master-observed", "uWSGI --master --processes 1 --http11-socket, --stats --stats-http, request log to a file",
        lambda ctx: _uwsgi(ctx, ["--http11-socket", f"127.0.0.1:{ctx.port}"], _hello(ctx, True), logging=[
            "--stats", f"127.0.0.1:{ctx.other_port()}", "--stats-http", "--logto", ctx.path("requests.log")]),
        "the stats server is not scraped during the run"),

    # The server alone on core 0, nginx beside wrk on core 1: the server's own cost per request
    # without nginx on its core (the behind-nginx rows above share one core).
    Row("nginx-gantry-unix-split", "nginx → gantry (uwsgi_pass, unix), server alone on core 0",
        lambda ctx: _gantry_behind_nginx(ctx, "--socket", "unix", nginx.uwsgi_pass),
        SPLIT_NOTE, front_on_client_core=True, gantry=True),
    Row("nginx-uwsgi-unix-split", "nginx → uWSGI (uwsgi_pass, unix), server alone on core 0",
        lambda ctx: _uwsgi_behind_nginx(ctx, "--socket", "unix", nginx.uwsgi_pass),
        SPLIT_NOTE, front_on_client_core=True),

    Row("gantry-2w", "gantry --master --processes 2 --http",
        lambda ctx: _gantry_master(ctx, ["--http", f"127.0.0.1:{ctx.port}"], _hello(ctx)),
        whole_machine=True),
    Row("uwsgi-2w", "uWSGI --master --processes 2 --http-socket",
        lambda ctx: _uwsgi(ctx, ["--http-socket", f"127.0.0.1:{ctx.port}"], _hello(ctx), whole.WORKERS),
        "closes the connection after each response: wrk counts each close as a read error",
        whole_machine=True),
    Row("uvicorn-2w", "uvicorn --workers 2 (uvloop, httptools; ASGI)",
        lambda ctx: _uvicorn(ctx, whole.WORKERS),
        "ASGI hello (apps/hello_asgi.py), sets Content-Length; a supervisor process + 2 workers",
        whole_machine=True),

    *_cgi_rows("hello.sh", "/bin/sh (dash)"),
    *_cgi_rows("hello.py", "/usr/bin/python3"),
    *_php_rows(),
    *_static_rows(),
]

# The whole-machine row (gantry-2w) has no twin: before/after runs were asked for one core.
ALL += [on_baseline(row) for row in ALL if row.gantry]

BY_ID = {row.id: row for row in ALL}
