"""The report's tables: which rows each one shows and which gantry row each row's ratio is
taken against (gantry rps / peer rps, like for like: TCP against TCP, unix against unix)."""
from dataclasses import dataclass, replace

from .rows import BASELINE, BY_ID


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    about: str
    rows: tuple          # ((row id, reference gantry row id), ...)
    cpu_split: bool = False   # show nginx / server CPU, µs per request and the zero-cost bound


LOAD_TABLES = [
    Table("hello", "WSGI hello, one core",
          "`apps/hello_wsgi.py` (no Content-Length, as the seed's app); uvicorn runs the ASGI "
          "equivalent. Ratio: gantry --http rps / row rps.",
          (("gantry", "gantry"), ("uwsgi-http-socket", "gantry"), ("uwsgi-http11-socket", "gantry"),
           ("nginx-uwsgi-unix", "gantry"), ("gunicorn", "gantry"), ("uvicorn", "gantry"),
           ("nginx-return", "gantry"))),
    Table("asgi", "ASGI hello, one core",
          "`apps/hello_asgi.py` (raw ASGI 3, drains the body, sets Content-Length) on every row but "
          "`gantry` (Gantry's own WSGI hello, `apps/hello_wsgi.py`, the reference for ≥ 0.8×). uvicorn "
          "with uvloop and httptools, daphne and hypercorn from Debian. Ratio: gantry --asgi rps / row rps.",
          (("gantry-asgi", "gantry-asgi"), ("gantry", "gantry-asgi"), ("uvicorn", "gantry-asgi"),
           ("daphne", "gantry-asgi"), ("hypercorn", "gantry-asgi"))),
    Table("frameworks", "Starlette and FastAPI JSON hello, one core",
          "`apps/hello_starlette.py` (a Starlette route returning JSONResponse) and `apps/hello_fastapi.py` (an async "
          "FastAPI path operation returning a dict), Debian's python3-starlette and python3-fastapi, each behind gantry "
          "--asgi and uvicorn with uvloop and httptools. Ratio: gantry rps / uvicorn rps, same app.",
          (("gantry-starlette", "gantry-starlette"), ("uvicorn-starlette", "gantry-starlette"),
           ("gantry-fastapi", "gantry-fastapi"), ("uvicorn-fastapi", "gantry-fastapi"))),
    Table("hosted", "Python hosted by /usr/bin/python3 against embedded libpython3.11.so, one core",
          "Each app behind gantry as the executable (embedded `libpython3.11.so`, PIC, no PGO/LTO), gantry.so hosted "
          "by Debian's static PGO+LTO `/usr/bin/python3` (`--python-host executable`), and uvicorn with uvloop and "
          "httptools (the WSGI hello has no uvicorn row). Ratio: hosted rps / row rps, same app.",
          (("gantry-hosted", "gantry-hosted"), ("gantry", "gantry-hosted"),
           ("gantry-hosted-asgi", "gantry-hosted-asgi"), ("gantry-asgi", "gantry-hosted-asgi"),
           ("uvicorn", "gantry-hosted-asgi"),
           ("gantry-hosted-starlette", "gantry-hosted-starlette"), ("gantry-starlette", "gantry-hosted-starlette"),
           ("uvicorn-starlette", "gantry-hosted-starlette"),
           ("gantry-hosted-fastapi", "gantry-hosted-fastapi"), ("gantry-fastapi", "gantry-hosted-fastapi"),
           ("uvicorn-fastapi", "gantry-hosted-fastapi"))),
    Table("django", "Django hello, one core",
          "`djhello` (django-admin startproject, default middleware, DEBUG=False; view `/` returns "
          "HttpResponse(\"Hello World\")). Ratio: gantry rps / row rps.",
          (("gantry-django", "gantry-django"), ("uwsgi-django", "gantry-django"),
           ("gunicorn-django", "gantry-django"))),
    Table("nginx", "Behind nginx, one core for nginx + server",
          "Same nginx config for every row (1 worker, `include uwsgi_params; uwsgi_pass …` or "
          "`include fastcgi_params; fastcgi_pass …`), WSGI hello behind it; nginx and the server "
          "share core 0 (the last two rows: the server alone on core 0, nginx with wrk on core 1). "
          "Ratio: gantry rps / row rps over the same transport, protocol and placement. "
          "*nginx CPU %* is nginx's master + worker, *server CPU %* every other process of the row "
          "(user / system), both % of one core over the measured run (utime and stime of "
          "/proc/PID/stat); *µs/req* is that CPU divided by the requests wrk completed. "
          "*Bound at zero server cost* = (nginx + server µs/req) / nginx µs/req: the rate a server "
          "costing no CPU at all would reach, as a multiple of this row's, with nginx on the same "
          "core: on a uWSGI row, the best gantry/uWSGI ratio any server can reach in this set-up "
          "(on a gantry row, what is left to gain on the server's side). It assumes nginx's cost "
          "per request does not depend on the server behind it, and holds only when nginx and "
          "the server share one saturated core (not for the split rows).",
          (("nginx-gantry-tcp", "nginx-gantry-tcp"), ("nginx-uwsgi-tcp", "nginx-gantry-tcp"),
           ("nginx-gantry-unix", "nginx-gantry-unix"), ("nginx-uwsgi-unix", "nginx-gantry-unix"),
           ("nginx-gantry-fastcgi-unix", "nginx-gantry-fastcgi-unix"),
           ("nginx-uwsgi-fastcgi-unix", "nginx-gantry-fastcgi-unix"),
           ("nginx-gantry-unix-split", "nginx-gantry-unix-split"),
           ("nginx-uwsgi-unix-split", "nginx-gantry-unix-split"),
           ("nginx-gantry-http-kept", "nginx-gantry-http-kept"), ("nginx-uwsgi-tcp", "nginx-gantry-http-kept"),
           ("nginx-gantry-fastcgi-kept", "nginx-gantry-fastcgi-kept"), ("nginx-uwsgi-tcp", "nginx-gantry-fastcgi-kept")),
          cpu_split=True),
    Table("observed", "Watched or not, one core",
          "`apps/hello_wsgi.py` under a master with one worker: everything off (`--disable-logging`), against the "
          "stats server with `--stats-http` and the default request log written to a file (`--logto`). Ratio: "
          "quiet rps / row rps (issue 16's target: observed ≥ 0.97× quiet, so this ratio ≤ 1.03).",
          (("gantry-master-quiet", "gantry-master-quiet"), ("gantry-master-observed", "gantry-master-quiet"))),
    Table("machine", "Whole machine, 2 worker processes",
          "Nothing pinned (every process may run on both cores, wrk included), 2 worker processes "
          "each side, `wrk -t2 -c64`, `apps/hello_wsgi.py` (uvicorn: the ASGI hello). The *others on "
          "core 0 / 1* columns mean little here (nothing is pinned); *server CPU %* is of one core "
          "(200 % = both). Ratio: gantry 2 workers rps / row rps.",
          (("gantry-2w", "gantry-2w"), ("uwsgi-2w", "gantry-2w"), ("uvicorn-2w", "gantry-2w"))),
    Table("cgi", "CGI hello, one core",
          "`apps/cgi/hello.sh` (`#!/bin/sh`) and `apps/cgi/hello.py` (`#!/usr/bin/python3`), each "
          "printing `Content-Type: text/plain`, a blank line and `Hello, World!`, served at "
          "`/cgi-bin/` from a copy in the run directory (`$RUN/cgi-bin`, which apache2's www-data "
          "can read); a new process per request. wrk adds `--timeout 30s` (at 32 connections a "
          "Python CGI request waits longer than wrk's default 2 s), and the measured run starts "
          "once the warm-up's last scripts are done. Every process of the row, the scripts "
          "included, runs on core 0 in one cgroup: *server CPU %* and the per-CPU-s figures count "
          "the scripts, which mostly live between two 0.5 s samples; they are one row, *per-request "
          "processes* (memory: the largest one seen). Ratio: gantry rps / row rps, same script.",
          (("gantry-cgi-sh", "gantry-cgi-sh"), ("uwsgi-cgi-sh", "gantry-cgi-sh"),
           ("apache-cgi-sh", "gantry-cgi-sh"),
           ("gantry-cgi-py", "gantry-cgi-py"), ("uwsgi-cgi-py", "gantry-cgi-py"),
           ("apache-cgi-py", "gantry-cgi-py"))),
    Table("php", "PHP hello through php-fpm, one core",
          "The seed's site (root, index, `try_files $uri $uri/ =404`, the PHP location with "
          "Debian's `snippets/fastcgi-php.conf`) served by gantry (`--php-docroot`, `--php-fpm`) and "
          "by nginx (1 worker), each in front of its own php-fpm 8.2 (pm static, 4 children, the "
          "same pool config), `index.php` echoing `Hello World`, requested as `/`. Everything on "
          "core 0, php-fpm included. Kept connections: gantry `--php-fpm-keepalive 8`, nginx "
          "`upstream { keepalive 8; }` + `fastcgi_keep_conn on`; `-close` rows open a connection "
          "per request (both servers' behaviour without keep-alive); `-queue` rows add "
          "`--php-fpm-max-conns 4` (as many connections as children; further requests wait in gantry's queue, which "
          "nginx has only commercially). Ratio: gantry rps / nginx rps, same transport and keep-alive.",
          (("gantry-php-tcp", "gantry-php-tcp"), ("nginx-php-tcp", "gantry-php-tcp"),
           ("gantry-php-tcp-close", "gantry-php-tcp-close"), ("nginx-php-tcp-close", "gantry-php-tcp-close"),
           ("gantry-php-unix", "gantry-php-unix"), ("nginx-php-unix", "gantry-php-unix"),
           ("gantry-php-unix-close", "gantry-php-unix-close"), ("nginx-php-unix-close", "gantry-php-unix-close"),
           ("gantry-php-tcp-queue", "gantry-php-tcp-queue"), ("nginx-php-tcp", "gantry-php-tcp-queue"),
           ("nginx-php-tcp-close", "gantry-php-tcp-queue"),
           ("gantry-php-unix-queue", "gantry-php-unix-queue"), ("nginx-php-unix", "gantry-php-unix-queue"))),
    Table("static", "Static files, one core and the whole machine",
          "A 1 KiB and a 1 MiB file (`$RUN/static/1k.bin`, `1m.bin`) served by gantry (`--check-static`, the hello "
          "app behind it) and by nginx's static module (`root`, `sendfile on`, `tcp_nopush on`) from the same "
          "directory. One-core rows: everything on core 0, wrk on core 1, one worker process each. `-2w` rows: "
          "nothing pinned, 2 worker processes each (gantry `--master --processes 2`, nginx `worker_processes 2`), "
          "`wrk -t2 -c64`. Ratio: gantry rps / nginx rps, same file and placement (issue 12's target: "
          "1 KiB on one core ≥ 0.8×).",
          (("gantry-static-1k", "gantry-static-1k"), ("nginx-static-1k", "gantry-static-1k"),
           ("gantry-static-1m", "gantry-static-1m"), ("nginx-static-1m", "gantry-static-1m"),
           ("gantry-static-1k-2w", "gantry-static-1k-2w"), ("nginx-static-1k-2w", "gantry-static-1k-2w"),
           ("gantry-static-1m-2w", "gantry-static-1m-2w"), ("nginx-static-1m-2w", "gantry-static-1m-2w"))),
]

# Time from launch to the first 200 (and memory right after it), hello app and Django.
STARTUP_TABLE = Table(
    "startup", "Startup to first 200",
    "Launch (pinned to core 0) to the first `200` answer of a client polling every 2 ms from "
    "core 1; RSS/PSS summed over the server's processes right after that answer.",
    (("gantry", "gantry"), ("uwsgi-http-socket", "gantry"), ("uvicorn", "gantry"),
     ("gantry-django", "gantry-django"), ("uwsgi-django", "gantry-django")))


def load_rows(tables):
    """Row ids in table order, each once (a row shown in two tables is measured once)."""
    seen = []
    for table in tables:
        for row_id, _ in table.rows:
            if row_id not in seen:
                seen.append(row_id)
    return seen


def with_baseline(tables):
    """The tables with each gantry row followed by its twin on the --baseline binary, whose
    ratio is taken against that gantry row (current rps / baseline rps). The twin sits right
    after its gantry row, so every repetition measures the two back to back."""
    def rows(table):
        for row_id, ref_id in table.rows:
            yield row_id, ref_id
            if BY_ID[row_id].gantry:
                yield row_id + BASELINE, row_id
    return [replace(t, rows=tuple(rows(t))) for t in tables]


def rep_order(row_ids, rep):
    """The order of repetition `rep`: row_ids as given, except that in even repetitions each
    gantry row and its baseline twin next to it swap places. In a fixed order one binary
    would always run second, and whatever drifts within a repetition (another engineer's
    build starting or ending) would always favour the same side; alternating shares it out."""
    order = list(row_ids)
    if rep % 2 == 0:
        for i in range(len(order) - 1):
            if order[i + 1] == order[i] + BASELINE:
                order[i], order[i + 1] = order[i + 1], order[i]
    return order
