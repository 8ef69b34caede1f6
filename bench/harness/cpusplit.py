"""Where the server core goes: one run's per-process CPU split into the front (nginx) and the
application server behind it, per request, and the best ratio any server could reach
against that row when nginx shares its core.

Why the bound holds: with nginx and the server on one saturated core, a request costs
n + s µs of that core (n in nginx, s in the server), so rps = 1e6 / (n + s). A server that
cost nothing would leave n per request, rps = 1e6 / n. Against a row measured at n + s, no
server can therefore exceed (n + s) / n, as long as nginx's own cost per request does not
depend on the server behind it (same config, same uwsgi_params, same response)."""

FRONT_PREFIX = "nginx"          # proctree.label(): "nginx master", "nginx worker"


def split(processes, requests, window_s):
    """Figures of one run from [(label, user s, system s)] per process over a CPU window of
    window_s seconds in which wrk completed `requests` requests:

    front_cpu_pct     nginx's processes, % of one core (None without nginx)
    app_user_pct      every other process of the tree (the application server), user time
    app_sys_pct       the same, system time
    front_us_per_req  nginx CPU µs per request (None without nginx or without requests)
    app_us_per_req    server CPU µs per request (None without requests)
    zero_cost_bound   (front + app µs/req) / front µs/req: see the module's doc"""
    front = [(u, s) for label, u, s in processes if label.startswith(FRONT_PREFIX)]
    app = [(u, s) for label, u, s in processes if not label.startswith(FRONT_PREFIX)]
    front_s = sum(u + s for u, s in front)
    app_user = sum(u for u, _ in app)
    app_sys = sum(s for _, s in app)
    has_front = bool(front)
    out = {
        "front_cpu_pct": _pct(front_s, window_s) if has_front else None,
        "app_user_pct": _pct(app_user, window_s),
        "app_sys_pct": _pct(app_sys, window_s),
        "front_us_per_req": per_request_us(front_s, requests) if has_front else None,
        "app_us_per_req": per_request_us(app_user + app_sys, requests),
    }
    out["zero_cost_bound"] = zero_cost_bound(out["front_us_per_req"], out["app_us_per_req"])
    return out


def per_request_us(cpu_seconds, requests):
    """CPU µs per request, or None when no request completed."""
    return cpu_seconds * 1e6 / requests if requests else None


def zero_cost_bound(front_us, app_us):
    """(front + app) / front: how many times this row's rate a server costing zero CPU
    could reach on the same core; None when nginx's cost is unknown or nil."""
    if front_us is None or app_us is None or front_us <= 0:
        return None
    return (front_us + app_us) / front_us


def _pct(seconds, window_s):
    return 100.0 * seconds / window_s if window_s > 0 else None
