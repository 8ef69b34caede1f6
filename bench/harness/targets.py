"""The issues' targets (issue 3 "Targets", issue 4 "Targets", the CGI bench issue's, issue 12's PHP one) checked
against this run's figures. They are figures for the closing note, never test assertions."""
from .beforeafter import Comparison
from .rows import BASELINE
from .summary import ratio


def render(loads, startups):
    lines = ["## Targets", "", "| target | measured in this run | met |", "|---|---|---|"]
    for text, measured, met in _checks(loads, startups):
        lines.append(f"| {text} | {measured} | {met} |")
    return lines + [""]


def _checks(loads, startups):
    yield _rps_ratio("WSGI hello ≥ 3× uWSGI --http-socket", loads, "gantry", "uwsgi-http-socket", 3.0)
    yield _rps_ratio("WSGI hello ≥ 1.0× uvicorn (ASGI hello)", loads, "gantry", "uvicorn", 1.0)
    yield _rps_ratio("WSGI hello: share of the nginx `return 200` ceiling (reported)", loads, "gantry",
                     "nginx-return", None)
    yield _p99("WSGI hello p99 ≤ uWSGI --http-socket's", loads, "gantry", "uwsgi-http-socket")
    if "gantry" + BASELINE in loads:               # a before/after run (--baseline)
        yield _unchanged("WSGI hello throughput unchanged within the run-to-run spread (same run, before "
                         "and after)", loads, "gantry")
    yield _rps_ratio("ASGI hello ≥ 1.5× uvicorn (uvloop, httptools) (issue 11)", loads, "gantry-asgi", "uvicorn", 1.5)
    yield _rps_ratio("ASGI hello ≥ 0.8× Gantry's own WSGI hello (issue 11)", loads, "gantry-asgi", "gantry", 0.8)
    yield _rps_ratio("ASGI hello ≥ 8× daphne (issue 11)", loads, "gantry-asgi", "daphne", 8.0)
    yield _rps_ratio("ASGI hello vs hypercorn (reported)", loads, "gantry-asgi", "hypercorn", None)
    yield _rps_ratio("Starlette JSON hello ≥ 1.3× uvicorn (issue 11)", loads, "gantry-starlette", "uvicorn-starlette", 1.3)
    yield _rps_ratio("FastAPI JSON hello ≥ 1.3× uvicorn (issue 11)", loads, "gantry-fastapi", "uvicorn-fastapi", 1.3)
    yield _rps_ratio("Django hello ≥ 1.5× uWSGI", loads, "gantry-django", "uwsgi-django", 1.5)
    yield _p99("Django hello p99 ≤ uWSGI's", loads, "gantry-django", "uwsgi-django")
    yield _pss("PSS per worker process ≤ 30 MB (hello, under load)", loads.get("gantry"), 30.0)
    yield _pss("PSS per worker process (Django, under load; reported)", loads.get("gantry-django"), None)
    yield _startup("Startup to first 200 ≤ 300 ms (hello)", startups.get("gantry"), 300.0)
    for transport in ("tcp", "unix"):
        yield _with_bound(_rps_ratio(f"nginx → gantry ≥ 1.5× nginx → uWSGI (uwsgi_pass, {transport})", loads,
                                     f"nginx-gantry-{transport}", f"nginx-uwsgi-{transport}", 1.5),
                          loads.get(f"nginx-uwsgi-{transport}"))
        yield _p99(f"nginx → gantry p99 ≤ nginx → uWSGI's ({transport})", loads,
                   f"nginx-gantry-{transport}", f"nginx-uwsgi-{transport}")
    yield _rps_ratio("Whole machine: gantry 2 workers ≥ 3× uWSGI 2 workers (issue 5)", loads, "gantry-2w",
                     "uwsgi-2w", 3.0)
    yield _p99("Whole machine p99 ≤ uWSGI 2 workers' (reported)", loads, "gantry-2w", "uwsgi-2w")
    yield _rps_ratio("FastCGI front within 10 % of the uwsgi front (nginx → gantry, unix)", loads,
                     "nginx-gantry-fastcgi-unix", "nginx-gantry-unix", 0.9)
    for script, language in (("sh", "shell"), ("py", "Python")):
        yield _rps_ratio(f"CGI hello ({language}, hello.{script}) ≥ 1.5× uWSGI --plugin cgi", loads,
                         f"gantry-cgi-{script}", f"uwsgi-cgi-{script}", 1.5)
        yield _rps_ratio(f"CGI hello ({language}, hello.{script}) ≥ 1.0× apache2 mod_cgid", loads,
                         f"gantry-cgi-{script}", f"apache-cgi-{script}", 1.0)
    # Issue 12: the seed's nginx config passes to php-fpm over TCP without kept connections; gantry as it starts.
    yield _rps_ratio("PHP hello ≥ 1.1× nginx → php-fpm with the seed's config (TCP, same pool)", loads,
                     "gantry-php-tcp", "nginx-php-tcp-close", 1.1)
    yield _rps_ratio("PHP hello with --php-fpm-max-conns = children vs nginx's seed config (TCP; reported)", loads,
                     "gantry-php-tcp-queue", "nginx-php-tcp-close", None)
    for suffix in ("tcp", "tcp-close", "unix", "unix-close"):
        yield _rps_ratio(f"PHP hello, like for like ({suffix}; reported)", loads, f"gantry-php-{suffix}",
                         f"nginx-php-{suffix}", None)
    yield _rps_ratio("Static 1 KiB ≥ 0.8× nginx, one core (issue 12)", loads, "gantry-static-1k", "nginx-static-1k", 0.8)
    for suffix, text in (("1m", "Static 1 MiB, one core"), ("1k-2w", "Static 1 KiB, whole machine"),
                         ("1m-2w", "Static 1 MiB, whole machine")):
        yield _rps_ratio(f"{text} (reported)", loads, f"gantry-static-{suffix}", f"nginx-static-{suffix}", None)


def _rps_ratio(text, loads, mine, theirs, at_least):
    a, b = loads.get(mine), loads.get(theirs)
    if not (a and a.available and b and b.available):
        return text, _missing(a, mine, b, theirs), "–"
    r = ratio(a.median("rps"), b.median("rps"))
    measured = f"{r:.2f}× ({a.median('rps'):,.0f} / {b.median('rps'):,.0f} rps)"
    return text, measured, _verdict(r >= at_least if at_least is not None else None)


def _unchanged(text, loads, mine):
    """Met unless this build is slower than its baseline twin beyond the run-to-run spread
    (faster beyond it is reported, and not a failure of "unchanged")."""
    a, b = loads.get(mine), loads.get(mine + BASELINE)
    if not (a and a.available and b and b.available):
        return text, _missing(a, mine, b, mine + BASELINE), "–"
    c = Comparison(a, b)
    measured = (f"{c.ratio:.3f}× the baseline ({a.median('rps'):,.0f} / {b.median('rps'):,.0f} rps; per "
                f"repetition {c.per_rep_range() or '–'}): {c.reading()}")
    position = c.position()
    return text, measured, "–" if position is None else _verdict(position != "slower")


def _with_bound(check, peer):
    """A behind-nginx check with the best ratio any server could reach against `peer` (the
    bound at zero server cost, cpusplit.py) added to what was measured."""
    text, measured, met = check
    bound = peer.median("zero_cost_bound") if peer and peer.available else None
    if bound is None:
        return check
    return text, (f"{measured}; a server costing zero CPU would reach {bound:.2f}× this uWSGI row "
                  f"(nginx {peer.median('front_us_per_req'):.0f} µs/req of the shared core, uWSGI "
                  f"{peer.median('app_us_per_req'):.0f} µs/req)"), met


def _p99(text, loads, mine, theirs):
    a, b = loads.get(mine), loads.get(theirs)
    if not (a and a.available and b and b.available):
        return text, _missing(a, mine, b, theirs), "–"
    pa, pb = a.median("p99_ms"), b.median("p99_ms")
    return text, f"{pa:.2f} ms vs {pb:.2f} ms", _verdict(pa <= pb)


def _pss(text, summary, at_most):
    if not (summary and summary.available):
        return text, "not measured", "–"
    worst = max((pss for _, _, pss in summary.processes()), default=None)
    if worst is None:
        return text, "not measured", "–"
    rss = max(rss for _, rss, _ in summary.processes())
    return text, f"{worst:.1f} MB PSS ({rss:.1f} MB RSS)", _verdict(worst <= at_most if at_most else None)


def _startup(text, summary, at_most):
    if not (summary and summary.available):
        return text, "not measured", "–"
    ms = summary.median("startup_ms")
    return text, f"{ms:.0f} ms (median)", _verdict(ms <= at_most)


def _missing(a, mine, b, theirs):
    parts = [f"{name}: {s.status if s else 'not run'}" for s, name in ((a, mine), (b, theirs))
             if not (s and s.available)]
    return "; ".join(parts).replace("|", "/")


def _verdict(ok):
    return "reported" if ok is None else ("yes" if ok else "**no**")
