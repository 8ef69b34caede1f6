"""Running wrk (the load generator) pinned to the client core, and reading its --latency report."""
import re
import subprocess
from dataclasses import dataclass

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    socket_errors: int          # connect/read/write/timeout errors, summed
    non2xx: int
    requests: int


def run(url, *, threads, connections, seconds, cpu, log_path, latency=True, extra=()):
    """Run `wrk -tT -cC -dS [--latency] URL` on one CPU; the report goes to log_path."""
    argv = ["taskset", "-c", str(cpu), "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    if latency:
        argv.append("--latency")
    argv += list(extra) + [url]
    with open(log_path, "w") as log:
        log.write(" ".join(argv) + "\n")
        log.flush()
        subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, timeout=seconds + 60, check=False)
    with open(log_path) as log:
        return parse(log.read())


def parse(text):
    """WrkResult from wrk's text report; figures wrk did not print are NaN/0."""
    rps = p50 = p99 = float("nan")
    errors = non2xx = requests = 0
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("Requests/sec:"):
            rps = float(s.split()[1])
        elif re.match(r"50(\.0+)?%\s", s):
            p50 = _to_ms(s.split()[1])
        elif re.match(r"99(\.0+)?%\s", s):
            p99 = _to_ms(s.split()[1])
        elif s.startswith("Socket errors:"):
            errors = sum(int(x) for x in re.findall(r"\d+", s))
        elif s.startswith("Non-2xx or 3xx responses:"):
            non2xx = int(s.split()[-1])
        else:
            m = re.match(r"(\d+) requests in", s)
            if m:
                requests = int(m.group(1))
    return WrkResult(rps, p50, p99, errors, non2xx, requests)


def _to_ms(token):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", token)
    return float(m.group(1)) * _UNIT_MS[m.group(2)] if m else float("nan")
