"""The machine: how busy others keep it, and what it is (for the methodology header)."""
import os
import platform
import re
import subprocess
import time


def busy_pct(window=1.0):
    """Whole-machine busy % over `window` seconds, from /proc/stat (user..steal, not idle/iowait)."""
    a = _cpu_line()
    time.sleep(window)
    b = _cpu_line()
    delta = [y - x for x, y in zip(a, b)]
    idle = delta[3] + delta[4]
    total = sum(delta[:8])
    return 100.0 * (total - idle) / total if total else 0.0


def wait_quiet(threshold_pct, max_wait_s):
    """Wait (at most max_wait_s) for a 1 s window below threshold_pct busy: other engineers
    build and test on this machine. Returns the busy % of the last window seen."""
    deadline = time.monotonic() + max_wait_s
    while True:
        busy = busy_pct()
        if busy < threshold_pct or time.monotonic() >= deadline:
            return busy


def load_average():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def describe(gantry, gantry_origin, python, baseline=None):
    """{name: text} of the machine and of every program in the comparison; `baseline` is
    (binary, origin) of the --baseline gantry, if any."""
    cpu = _first_match("/proc/cpuinfo", r"model name\s*:\s*(.*)") or platform.machine()
    mem = _first_match("/proc/meminfo", r"MemTotal:\s*(\d+)")
    gantries = {"gantry": _gantry(gantry, gantry_origin)}
    if baseline:
        gantries["gantry baseline"] = _gantry(*baseline)
    return {
        "machine": f"{cpu}, {os.cpu_count()} CPUs, {int(mem) // 1024 // 1024 if mem else '?'} GiB, "
                   f"Linux {platform.release()}",
        **gantries,
        "python": _run([python, "-c", "import sys; print(sys.version.split()[0])"]) + f" ({python})",
        "uwsgi": _run(["uwsgi", "--version"]),
        "gunicorn": _run(["gunicorn", "--version"]),
        "uvicorn": _run([python, "-c", "import uvicorn, uvloop, httptools; print('uvicorn', "
                                       "uvicorn.__version__, 'uvloop', uvloop.__version__, "
                                       "'httptools', httptools.__version__)"]),
        "django": _run([python, "-c", "import django; print(django.get_version())"]),
        "nginx": _run(["nginx", "-v"]),
        "apache2": _run(["apache2", "-v"]).splitlines()[0] if _run(["apache2", "-v"]) else "?",
        "wrk": _run(["wrk", "-v"]).splitlines()[0] if _run(["wrk", "-v"]) else "?",
    }


def _gantry(binary, origin):
    return f"{_run([binary, '--version'])}, NativeAOT, {origin}"


def _cpu_line():
    with open("/proc/stat") as f:
        return [int(x) for x in f.readline().split()[1:]]


def _first_match(path, pattern):
    try:
        with open(path) as f:
            m = re.search(pattern, f.read())
        return m.group(1).strip() if m else None
    except OSError:
        return None


def _run(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"? ({e})"
    return (out.stdout + out.stderr).strip()
