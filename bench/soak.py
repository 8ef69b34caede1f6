#!/usr/bin/python3
"""A soak (issue 15 §8): a server under about half of its peak load for a long time, with stalled readers mixed in.

    /usr/bin/python3 bench/soak.py --minutes 10               # the short mode
    /usr/bin/python3 bench/soak.py --minutes 60               # the hour
    /usr/bin/python3 bench/soak.py --minutes 10 --servers gantry,uwsgi   # one after the other, same settings
    /usr/bin/python3 bench/soak.py --minutes 10 --servers gantry,uwsgi --stalled 0   # without the stalled readers

uWSGI's workers each serve one connection at a time: with 20 stalled readers both of its workers spend every window
blocked on them (0 requests served), and with keep-alive (--http11-socket) a worker waits on its connection between
requests, so it holds far less than its peak; the comparison that stays meaningful is RSS over time.

Each server runs the soak app (bench/apps/soak_wsgi.py) with a master and two workers, pinned to CPU 0; wrk runs on
CPU 1. First wrk measures the server's peak (5 s, 16 connections); then, window after window (10 s each), wrk holds
--fraction of that peak (a fixed delay per connection, wrk's Lua delay()) while 20 stalled readers ask for 1 MiB and
never read it (a 4 KiB receive buffer), closed at the window's end. Each window records requests per second, p50 and
p99 latency, errors (socket errors and non-2xx), and for every worker its RSS and open descriptors (from /proc, worker
pids from the stats server). Writes bench/results/soak-DATE-SERVER.csv, a PNG plot beside it, and prints a summary:
RSS at the start (after the first minute) and at the end, the drift in percent, errors, respawns.

Needs wrk and python3-matplotlib (apt-get install wrk python3-matplotlib); uWSGI rows need uwsgi-core and
uwsgi-plugin-python3. Never run it on a machine that is doing anything else: the numbers are the machine's too.
"""
import argparse
import csv
import datetime
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
APP = os.path.join(HERE, "apps", "soak_wsgi.py")
WINDOW_SECONDS = 10
STALLED_READERS = 20
DELAY_MS = 5


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(kind, port, stats_port):
    common_gantry = ["--http", f"127.0.0.1:{port}"]
    if kind == "gantry":
        binary = os.environ.get("GANTRY_BINARY", os.path.join(REPO, "out", "gantry"))
        command = [binary, *common_gantry]
    elif kind == "uwsgi":
        # --http11-socket: keep-alive, as wrk and Gantry use it (--http-socket closes after every response).
        command = ["uwsgi", "--http11-socket", f"127.0.0.1:{port}", "--plugin", "python3"]
    else:
        raise SystemExit(f"unknown server {kind!r}: gantry or uwsgi")
    command += ["--master", "--processes", "2", "--wsgi-file", APP, "--stats", f"127.0.0.1:{stats_port}",
                "--disable-logging", "--socket-timeout", "10", "--listen", "1024"]
    log = open(os.path.join(tempfile.gettempdir(), f"soak-{kind}.log"), "wb")
    process = subprocess.Popen(["taskset", "-c", "0", *command], stdout=log, stderr=subprocess.STDOUT, cwd=HERE)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET / HTTP/1.0\r\n\r\n")
                if s.recv(16).startswith(b"HTTP/1."):
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{kind} did not answer on port {port} within 30 s; see {log.name}")


def stats(stats_port):
    with socket.create_connection(("127.0.0.1", stats_port), timeout=5) as s:
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return json.loads(data)


def proc_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def proc_fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def run_wrk(url, connections, seconds, script=None, midway=None):
    """Runs wrk; midway(), if given, is called halfway through (the soak samples descriptors while readers stall)."""
    command = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", script]
    process = subprocess.Popen([*command, url], stdout=subprocess.PIPE, text=True)
    if midway:
        time.sleep(seconds / 2)
        midway()
    out, _ = process.communicate(timeout=seconds + 60)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency_ms(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = 0
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    return rps, latency_ms("50"), latency_ms("99"), errors


def open_stalled_readers(port, count):
    readers = []
    for _ in range(count):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(b"GET /big HTTP/1.1\r\nHost: soak\r\n\r\n")
            readers.append(s)
        except OSError:
            s.close()
    return readers


def soak(kind, minutes, fraction, results, stalled):
    port, stats_port = free_port(), free_port()
    server = start_server(kind, port, stats_port)
    url = f"http://127.0.0.1:{port}/"
    try:
        peak, _, _, _ = run_wrk(url, 16, 5)
        target = peak * fraction
        connections = max(1, round(target * DELAY_MS / 1000))
        script = os.path.join(tempfile.gettempdir(), "soak-delay.lua")
        with open(script, "w") as f:
            f.write(f"function delay()\n  return {DELAY_MS}\nend\n")
        print(f"{kind}: peak {peak:.0f} req/s; holding about {target:.0f} req/s with {connections} connections "
              f"({DELAY_MS} ms apart each) and {stalled} stalled readers per {WINDOW_SECONDS} s window", flush=True)
        rows = []
        first_pids = None
        respawns = 0
        start = time.time()
        while time.time() - start < minutes * 60:
            readers = open_stalled_readers(port, stalled)
            stalled_fds = {}

            def sample_stalled():
                for worker in stats(stats_port)["workers"]:
                    stalled_fds[worker["pid"]] = proc_fds(worker["pid"])

            rps, p50, p99, errors = run_wrk(url, connections, WINDOW_SECONDS, script, sample_stalled)
            for reader in readers:
                reader.close()
            document = stats(stats_port)
            pids = [worker["pid"] for worker in document["workers"]]
            if first_pids is None:
                first_pids = pids
            respawns = sum(worker.get("respawn_count", 1) - 1 for worker in document["workers"])
            row = {"seconds": round(time.time() - start), "rps": round(rps), "p50_ms": round(p50, 3), "p99_ms": round(p99, 3),
                   "errors": errors, "respawns": respawns, "master_rss_kib": proc_rss_kib(server.pid)}
            for index, pid in enumerate(pids, 1):
                row[f"w{index}_rss_kib"] = proc_rss_kib(pid)
                row[f"w{index}_fds"] = proc_fds(pid)
                row[f"w{index}_fds_stalled"] = stalled_fds.get(pid, 0)
            rows.append(row)
            print(" ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    finally:
        server.send_signal(2)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    stamp = datetime.date.today().isoformat()
    base = os.path.join(results, f"soak-{stamp}-{kind}-{minutes:g}min-{stalled}stalled")
    with open(base + ".csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    plot(rows, kind, base + ".png")
    return summarize(kind, rows, peak, base)


def plot(rows, kind, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    minutes = [row["seconds"] / 60 for row in rows]
    workers = sorted({key[: -len("_rss_kib")] for row in rows for key in row if key.endswith("_rss_kib") and key.startswith("w")})
    figure, axes = plt.subplots(4, 1, figsize=(9, 11), sharex=True)
    axes[0].plot(minutes, [row["rps"] for row in rows])
    axes[0].set_ylabel("requests/s")
    axes[1].plot(minutes, [row["p50_ms"] for row in rows], label="p50")
    axes[1].plot(minutes, [row["p99_ms"] for row in rows], label="p99")
    axes[1].set_ylabel("latency (ms)")
    axes[1].legend()
    for worker in workers:
        axes[2].plot(minutes, [row.get(f"{worker}_rss_kib", 0) / 1024 for row in rows], label=worker)
        axes[3].plot(minutes, [row.get(f"{worker}_fds", 0) for row in rows], label=f"{worker} after the window")
        axes[3].plot(minutes, [row.get(f"{worker}_fds_stalled", 0) for row in rows], ":", label=f"{worker} with readers stalled")
    axes[2].plot(minutes, [row["master_rss_kib"] / 1024 for row in rows], label="master")
    axes[2].set_ylabel("RSS (MiB)")
    axes[2].legend()
    axes[3].set_ylabel("open fds")
    axes[3].set_xlabel("minutes")
    axes[3].legend()
    errors = [row["errors"] for row in rows]
    figure.suptitle(f"{kind} soak: {sum(errors)} errors in {len(rows)} windows of {WINDOW_SECONDS} s")
    figure.tight_layout()
    figure.savefig(path, dpi=80)


def summarize(kind, rows, peak, base):
    settled = [row for row in rows if row["seconds"] >= 60] or rows
    head, tail = settled[: max(1, len(settled) // 5)], settled[-max(1, len(settled) // 5):]

    def worker_rss(sample):
        values = sorted(sum(v for k, v in row.items() if k.endswith("_rss_kib") and k.startswith("w")) for row in sample)
        return values[len(values) // 2] / 1024

    start_rss, end_rss = worker_rss(head), worker_rss(tail)
    drift = (end_rss - start_rss) / start_rss * 100 if start_rss else float("nan")
    p99 = sorted(row["p99_ms"] for row in rows)
    line = (f"{kind}: peak {peak:.0f} req/s; held {sorted(r['rps'] for r in rows)[len(rows) // 2]} req/s (median window); "
            f"workers' RSS {start_rss:.1f} MiB after the first minute, {end_rss:.1f} MiB at the end ({drift:+.1f} %); "
            f"p99 median {p99[len(p99) // 2]:.2f} ms, worst {p99[-1]:.2f} ms; errors {sum(r['errors'] for r in rows)}; "
            f"respawns {rows[-1]['respawns']}; {base}.csv, {base}.png")
    print(line, flush=True)
    return line


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10, help="how long each server is soaked (10, or 60 for the hour)")
    parser.add_argument("--fraction", type=float, default=0.5, help="share of the measured peak to hold (0.5)")
    parser.add_argument("--servers", default="gantry", help="comma-separated: gantry, uwsgi (one after the other)")
    parser.add_argument("--stalled", type=int, default=STALLED_READERS,
                        help="stalled readers opened each window (20; 0 for none: uWSGI's workers each block on one)")
    parser.add_argument("--results", default=os.path.join(HERE, "results"), help="where the CSV and PNG go")
    arguments = parser.parse_args()
    os.makedirs(arguments.results, exist_ok=True)
    lines = [soak(kind, arguments.minutes, arguments.fraction, arguments.results, arguments.stalled)
             for kind in arguments.servers.split(",")]
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
