#!/usr/bin/python3
"""Start-up of N vassals and the emperor's own memory: gantry's emperor against Debian's uWSGI emperor, same run.

Each round writes N vassal files (tiny WSGI hello, http-socket on its own port, a master with W workers), starts the
emperor, times until every vassal answers 200, reads the emperor's own RSS (VmRSS, and PSS from smaps_rollup) and the
whole tree's RSS, then stops it with SIGINT and times until every process of the tree is gone. Rounds alternate
gantry and uWSGI; medians are printed as a markdown table.

usage: emperor_bench.py GANTRY_BINARY [N=100] [WORKERS=1] [ROUNDS=3]
"""
import os, signal, socket, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
GANTRY = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100
WORKERS = int(sys.argv[3]) if len(sys.argv) > 3 else 1
ROUNDS = int(sys.argv[4]) if len(sys.argv) > 4 else 3
LIMIT = 600.0


def free_ports(count):
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
            data = s.recv(64)
            return data.startswith(b"HTTP/1.") and b" 200 " in data[:16]
    except OSError:
        return False


def tree(root):
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                parents[int(entry)] = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError):
                pass
    found, frontier = set(), [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found.add(pid)
                frontier.append(pid)
    return found


def kib(pid, field, path="status"):
    try:
        with open(f"/proc/{pid}/{path}") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def one_round(kind):
    directory = tempfile.mkdtemp(prefix=f"emperor-bench-{kind}-")
    vassals = os.path.join(directory, "vassals")
    os.mkdir(vassals)
    ports = free_ports(N)
    for i, port in enumerate(ports):
        with open(os.path.join(vassals, f"v{i:03}.ini"), "w") as f:
            f.write(f"[uwsgi]\nplugins = python3\nhttp-socket = 127.0.0.1:{port}\nwsgi-file = {HERE}/hello.py\n"
                    f"master = true\nprocesses = {WORKERS}\ndisable-logging = true\n")
    if kind == "gantry":
        command = [GANTRY, "--emperor", vassals, "--emperor-freq", "1"]
    else:
        command = ["/usr/bin/uwsgi", "--emperor", vassals, "--emperor-freq", "1"]
    log = open(os.path.join(directory, "log"), "w")
    started = time.monotonic()
    emperor = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=directory)
    pending = set(ports)
    while pending and time.monotonic() - started < LIMIT:
        pending = {p for p in pending if not answers(p)}
        if pending:
            time.sleep(0.1)
    ready = time.monotonic() - started
    time.sleep(2)
    family = tree(emperor.pid)
    own_rss = kib(emperor.pid, "VmRSS")
    own_pss = kib(emperor.pid, "Pss", "smaps_rollup")
    tree_rss = sum(kib(p, "VmRSS") for p in family) + own_rss
    stop_at = time.monotonic()
    emperor.send_signal(signal.SIGINT)
    try:
        emperor.wait(timeout=LIMIT)
    except subprocess.TimeoutExpired:
        emperor.kill()
    while any(os.path.exists(f"/proc/{p}") and open(f"/proc/{p}/stat").read().split(") ")[1][0] != "Z" for p in family) \
            and time.monotonic() - stop_at < 60:
        time.sleep(0.1)
    stopped = time.monotonic() - stop_at
    log.close()
    return {"ready_s": ready, "missing": len(pending), "own_rss_kib": own_rss, "own_pss_kib": own_pss,
            "tree_rss_mib": tree_rss / 1024, "processes": len(family) + 1, "stop_s": stopped}


def main():
    results = {"gantry": [], "uwsgi": []}
    for r in range(ROUNDS):
        for kind in ("gantry", "uwsgi"):
            result = one_round(kind)
            results[kind].append(result)
            print(f"round {r + 1} {kind}: {result}", flush=True)
    print()
    print(f"N = {N} vassals, each a master with {WORKERS} worker(s); {ROUNDS} rounds, medians")
    print()
    print("| measure | gantry emperor | uWSGI emperor | gantry / uWSGI |")
    print("|---|---|---|---|")
    for key, label in [("ready_s", "all vassals answering (s)"), ("own_rss_kib", "emperor's own RSS (KiB)"),
                       ("own_pss_kib", "emperor's own PSS (KiB)"), ("tree_rss_mib", "whole tree RSS (MiB)"),
                       ("processes", "processes"), ("stop_s", "SIGINT until all gone (s)")]:
        g = statistics.median(x[key] for x in results["gantry"])
        u = statistics.median(x[key] for x in results["uwsgi"])
        print(f"| {label} | {g:.2f} | {u:.2f} | {g / u if u else float('nan'):.2f} |")
    missing = sum(x["missing"] for k in results for x in results[k])
    if missing:
        print(f"\n{missing} vassal(s) never answered within {LIMIT:.0f} s")


main()
