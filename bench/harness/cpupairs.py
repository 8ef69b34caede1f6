"""CPU per request, two rows in pairs: a measurement for small differences (a few %) that rps alone cannot settle on
a shared machine.

Both rows are started once, side by side on the server core, warmed up, and then loaded in turn by short wrk runs of a
fixed duration: one *pair* is a run of each, in alternating order (A B, B A, A B…), each after a wait for a quiet
machine. For each run, the server's CPU is the sum of sum_exec_runtime (ns, the first field of
/proc/PID/task/TID/schedstat) of every thread of the row's process tree, read before and after; CPU per request is that
/ the requests wrk completed. The result is the median over pairs of B's CPU per request / A's, with its min..max and
interquartile range, and the same for rps (A's rps / B's, and B / A as a throughput ratio).

Why CPU per request: what other users of the machine take from the server's core lowers the rps of the run it falls
into but changes the server's own nanoseconds per request much less (caches and frequency aside), so the per-pair
ratio of CPU per request is steadier than the ratio of rps. The two are reported side by side.

With --together, a pair is one window in which both rows are loaded at once (two wrk, both on the client core; both
servers sharing the server core): whatever other users do to the core, its caches or the frequency during that window
reaches both rows alike, which sequential runs a few seconds apart cannot promise on a busy machine. Each server then
gets about half the core and runs with every connection ready at each wake-up, so it measures the cost per request at
full batching.

Usage: bench/cpu-pairs.sh [-p PAIRS] [-d SECONDS] [--together] [--rows A,B] [-n NAME] [--gantry PATH]
"""
import argparse
import concurrent.futures
import datetime
import glob
import json
import os
import shlex
import shutil
import signal
import statistics
import sys
import tempfile
import time
from types import SimpleNamespace

from . import cli, machine, probe, proctree, wrk
from .launch import NotAvailable, RunContext
from .rows import BY_ID

PYTHON = "/usr/bin/python3"
SERVER_CPU, CLIENT_CPU = 0, 1


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/cpu-pairs.sh", description=__doc__.split("\n\n")[0])
    p.add_argument("-p", "--pairs", type=int, default=30, help="pairs of runs (default 30)")
    p.add_argument("-d", "--duration", type=int, default=3, help="seconds of each wrk run (default 3)")
    p.add_argument("-c", "--connections", type=int, default=32,
                   help="wrk's connections (default 32; 1 for a server that serves one kept-alive connection at a time)")
    p.add_argument("-w", "--warmup", type=int, default=3, help="seconds of warm-up of each row, once (default 3)")
    p.add_argument("--rows", default="gantry-master-quiet,gantry-master-observed",
                   help="A,B: the reference row and the row compared with it (default: issue 16's pair)")
    p.add_argument("-n", "--name", default="cpu-pairs", help="results/<date>-<name>.md (default cpu-pairs)")
    p.add_argument("--gantry", default=None, help="the gantry binary (default <repo>/out/gantry)")
    p.add_argument("--together", action="store_true",
                   help="load both rows at once in each pair (one window, two wrk) instead of one after the other")
    p.add_argument("--gantry-b", default=None,
                   help="another gantry binary for row B (a before/after of one row: --rows R,R --gantry-b OLD)")
    p.add_argument("--quiet-pct", type=float, default=15.0, help="before each pair: machine busy %% below this")
    p.add_argument("--quiet-wait", type=float, default=10.0, help="before each pair: wait at most this many s")
    args = p.parse_args(argv)
    args.row_ids = args.rows.split(",")
    if len(args.row_ids) == 1:
        args.row_ids *= 2
    if len(args.row_ids) != 2 or any(r not in BY_ID for r in args.row_ids):
        p.error(f"--rows wants two row ids of bench/run.sh --list, got {args.rows!r}")
    return args


def thread_cpu_ns(roots):
    """Sum of sum_exec_runtime (ns) over every thread of every live process in the trees of `roots`."""
    total = 0
    for pid in proctree.tree(roots):
        for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
            try:
                with open(path) as f:
                    total += int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass    # a thread that ended between the listing and the read
    return total


def core_busy_ticks(cpu):
    """user+nice+system+irq+softirq+steal ticks of one core, from /proc/stat."""
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith(f"cpu{cpu} "):
                v = [int(x) for x in line.split()[1:]]
                return v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
    return 0


def measure_run(side, args, log_dir, tag):
    """One wrk run against `side`; the server's CPU ns, requests, rps, and how busy the server core was with others."""
    log_path = side.log_path
    if log_path and os.path.exists(log_path):
        os.truncate(log_path, 0)    # the request log is opened with O_APPEND: it keeps the disk use of many runs low
    roots = side.ctx.pids()
    tick_ns = 1e9 / os.sysconf("SC_CLK_TCK")
    busy0, cpu0, t0 = core_busy_ticks(SERVER_CPU), thread_cpu_ns(roots), time.monotonic()
    result = wrk.run(side.url, threads=1, connections=args.connections, seconds=args.duration, cpu=CLIENT_CPU, latency=False,
                     log_path=f"{log_dir}/{tag}.wrk.txt")
    busy1, cpu1, t1 = core_busy_ticks(SERVER_CPU), thread_cpu_ns(roots), time.monotonic()
    server_ns = cpu1 - cpu0
    core_ns = (busy1 - busy0) * tick_ns
    others_pct = max(0.0, 100.0 * (core_ns - server_ns) / ((t1 - t0) * 1e9))
    if side.ctx.dead():
        raise RuntimeError(f"{side.row}: died under load: {side.ctx.dead()}")
    if not result.requests or result.socket_errors or result.non2xx:
        raise RuntimeError(f"{side.row}: wrk completed {result.requests} requests, {result.socket_errors} socket "
                           f"errors, {result.non2xx} non-2xx")
    return {"row": side.row, "requests": result.requests, "rps": result.rps, "server_ns": server_ns,
            "ns_per_req": server_ns / result.requests, "server_cpu_pct": 100.0 * server_ns / ((t1 - t0) * 1e9),
            "others_core0_pct": round(others_pct, 1)}


def measure_together(sides, args, log_dir, tag):
    """Both rows loaded in the same window, each by its own wrk; per row as measure_run, "others" being what neither
    row's threads used of the server core."""
    for side in sides:
        if side.log_path and os.path.exists(side.log_path):
            os.truncate(side.log_path, 0)
    tick_ns = 1e9 / os.sysconf("SC_CLK_TCK")
    busy0, t0 = core_busy_ticks(SERVER_CPU), time.monotonic()
    cpu0 = [thread_cpu_ns(side.ctx.pids()) for side in sides]
    with concurrent.futures.ThreadPoolExecutor(len(sides)) as pool:
        futures = [pool.submit(wrk.run, side.url, threads=1, connections=args.connections, seconds=args.duration, cpu=CLIENT_CPU,
                               latency=False, log_path=f"{log_dir}/{tag}.{side.label}.wrk.txt") for side in sides]
        results = [f.result() for f in futures]
    cpu1 = [thread_cpu_ns(side.ctx.pids()) for side in sides]
    busy1, t1 = core_busy_ticks(SERVER_CPU), time.monotonic()
    window_ns = (t1 - t0) * 1e9
    spent = [after - before for before, after in zip(cpu0, cpu1)]
    others_pct = max(0.0, 100.0 * ((busy1 - busy0) * tick_ns - sum(spent)) / window_ns)
    runs = {}
    for side, result, server_ns in zip(sides, results, spent):
        if side.ctx.dead():
            raise RuntimeError(f"{side.row}: died under load: {side.ctx.dead()}")
        if not result.requests or result.socket_errors or result.non2xx:
            raise RuntimeError(f"{side.row}: wrk completed {result.requests} requests, {result.socket_errors} socket "
                               f"errors, {result.non2xx} non-2xx")
        runs[side.label] = {"row": side.row, "requests": result.requests, "rps": result.rps, "server_ns": server_ns,
                          "ns_per_req": server_ns / result.requests, "server_cpu_pct": 100.0 * server_ns / window_ns,
                          "others_core0_pct": round(others_pct, 1)}
    return runs


def start_row(label, row_id, paths, run_dir, log_dir, warmup, connections):
    row = BY_ID[row_id]
    ctx = RunContext(paths, run_dir, log_dir, f"{label}.{row_id}", SERVER_CPU)
    began = time.monotonic()
    try:
        row.start(ctx)
        body = probe.wait_for_200("127.0.0.1", ctx.port, "/", began + 60, ctx.dead)
        if body.strip() != row.body:
            raise RuntimeError(f"{row_id}: unexpected body {body[:60]!r}")
        url = f"http://127.0.0.1:{ctx.port}/"
        wrk.run(url, threads=1, connections=connections, seconds=warmup, cpu=CLIENT_CPU, latency=False,
                log_path=f"{log_dir}/{label}.{row_id}.warmup.txt")
    except TimeoutError as e:
        ctx.stop()    # the caller stops only the rows it was handed; one that never answered is stopped here
        raise RuntimeError(f"{row_id}: {e}") from e
    except BaseException:
        ctx.stop()
        raise
    request_log = ctx.path("requests.log")
    return SimpleNamespace(label=label, row=row_id, ctx=ctx, url=url,
                           log_path=request_log if os.path.exists(request_log) else None)


def summarize(pairs):
    """Per-pair ratios: B/A CPU per request, A/B rps (so both read "above 1 = B costs more")."""
    cpu = [b["ns_per_req"] / a["ns_per_req"] for a, b in pairs]
    rps = [b["rps"] / a["rps"] for a, b in pairs]
    return {"cpu_ratio": _stats(cpu), "rps_ratio": _stats(rps),
            "a_ns": _stats([a["ns_per_req"] for a, _ in pairs]), "b_ns": _stats([b["ns_per_req"] for _, b in pairs]),
            "diff_ns": _stats([b["ns_per_req"] - a["ns_per_req"] for a, b in pairs]),
            "a_rps": _stats([a["rps"] for a, _ in pairs]), "b_rps": _stats([b["rps"] for _, b in pairs]),
            "others": _stats([max(a["others_core0_pct"], b["others_core0_pct"]) for a, b in pairs])}


def _stats(values):
    q = statistics.quantiles(values, n=4) if len(values) >= 2 else [values[0]] * 3
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "q1": q[0], "q3": q[2],
            "n": len(values)}


def render(meta, args, summary, pairs):
    a_id, b_id = args.row_ids
    s = summary
    cpu, rps = s["cpu_ratio"], s["rps_ratio"]
    lines = [f"# CPU per request, paired: {b_id} against {a_id} ({meta['date']}, {meta['name']})", "",
             "## Methodology", "",
             f"- **command**: `{meta['command']}`; started {meta['started']}, ended {meta['ended']}; "
             f"load average before {meta['load_before']}, after {meta['load_after']}",
             f"- **gantry**: {meta['gantry']}" + (f"; row B runs {meta['gantry_b']}" if meta.get("gantry_b") else ""),
             f"- **rows**: `{a_id}` (A): `{meta['commands'][a_id]}`; `{b_id}` (B): `{meta['commands'][b_id]}`",
             f"- **how**: both rows started once, side by side, every process `taskset -c {SERVER_CPU}`, each warmed up "
             f"{args.warmup} s; then {args.pairs} pairs of `wrk -t1 -c{args.connections} -d{args.duration}s` runs (wrk on core "
             f"{CLIENT_CPU}), " + (
                 "both rows loaded at once in each pair (two wrk started together, both on the client core; the two "
                 "servers share the server core, each getting about half of it, all of its connections ready at each "
                 "wake-up), each pair after a " if args.together else
                 "one run of each row per pair, the order alternating (A B, B A, …), each pair after a ")
             + f"wait (≤ {args.quiet_wait:g} s) for a 1 s window with the machine under {args.quiet_pct:g} % busy. "
             "Server CPU of a run = the change in sum_exec_runtime (ns, /proc/PID/task/TID/schedstat) summed over "
             "every thread of the row's process tree (master and worker); CPU per request = that / requests wrk "
             "completed. The request log file of B is truncated before each run (O_APPEND).",
             "- **reading**: *B/A CPU per request* is the median of the per-pair ratios, with the interquartile range "
             "and min..max over pairs; *B/A rps* likewise (throughput kept = B/A rps; issue 16's target is ≥ 0.97). "
             "The CPU-per-request ratio is the steadier measure: time others take from the core lowers a run's rps "
             "but not the server's own ns per request. *Others on core 0*: busy time of core 0 (/proc/stat) not spent "
             "by the row's threads, as % of the run, the larger of the pair's two runs.", "",
             "## Result", "",
             "| measure | median | interquartile | min..max | pairs |", "|---|---:|---|---|---:|",
             f"| B/A CPU per request | {cpu['median']:.4f} | {cpu['q1']:.4f}..{cpu['q3']:.4f} | "
             f"{cpu['min']:.4f}..{cpu['max']:.4f} | {cpu['n']} |",
             f"| throughput kept: 1 / (B/A CPU per request) | {1 / cpu['median']:.4f} | "
             f"{1 / cpu['q3']:.4f}..{1 / cpu['q1']:.4f} | {1 / cpu['max']:.4f}..{1 / cpu['min']:.4f} | {cpu['n']} |",
             f"| B/A rps | {rps['median']:.4f} | {rps['q1']:.4f}..{rps['q3']:.4f} | "
             f"{rps['min']:.4f}..{rps['max']:.4f} | {rps['n']} |",
             f"| A ns per request | {s['a_ns']['median']:,.0f} | {s['a_ns']['q1']:,.0f}..{s['a_ns']['q3']:,.0f} | "
             f"{s['a_ns']['min']:,.0f}..{s['a_ns']['max']:,.0f} | {cpu['n']} |",
             f"| B ns per request | {s['b_ns']['median']:,.0f} | {s['b_ns']['q1']:,.0f}..{s['b_ns']['q3']:,.0f} | "
             f"{s['b_ns']['min']:,.0f}..{s['b_ns']['max']:,.0f} | {cpu['n']} |",
             f"| B − A ns per request (per pair) | {s['diff_ns']['median']:,.0f} | "
             f"{s['diff_ns']['q1']:,.0f}..{s['diff_ns']['q3']:,.0f} | "
             f"{s['diff_ns']['min']:,.0f}..{s['diff_ns']['max']:,.0f} | {cpu['n']} |",
             f"| A rps | {s['a_rps']['median']:,.0f} | {s['a_rps']['q1']:,.0f}..{s['a_rps']['q3']:,.0f} | "
             f"{s['a_rps']['min']:,.0f}..{s['a_rps']['max']:,.0f} | {cpu['n']} |",
             f"| B rps | {s['b_rps']['median']:,.0f} | {s['b_rps']['q1']:,.0f}..{s['b_rps']['q3']:,.0f} | "
             f"{s['b_rps']['min']:,.0f}..{s['b_rps']['max']:,.0f} | {cpu['n']} |",
             f"| others on core 0 % | {s['others']['median']:.1f} | {s['others']['q1']:.1f}..{s['others']['q3']:.1f} | "
             f"{s['others']['min']:.1f}..{s['others']['max']:.1f} | {cpu['n']} |", "",
             "## Every pair", "",
             "| pair | order | A rps | B rps | A ns/req | B ns/req | B/A CPU per request | B/A rps | A / B server CPU % | "
             "others on core 0 % (A / B) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for i, (a, b) in enumerate(pairs, 1):
        order = "together" if args.together else "A B" if i % 2 else "B A"
        lines.append(f"| {i} | {order} | {a['rps']:,.0f} | {b['rps']:,.0f} | {a['ns_per_req']:,.0f} | "
                     f"{b['ns_per_req']:,.0f} | {b['ns_per_req'] / a['ns_per_req']:.4f} | {b['rps'] / a['rps']:.4f} | "
                     f"{a['server_cpu_pct']:.0f} / {b['server_cpu_pct']:.0f} | "
                     f"{a['others_core0_pct']:.1f} / {b['others_core0_pct']:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv):
    args = parse_args(argv)
    bench = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    repo = os.path.dirname(bench)
    os.sched_setaffinity(0, {CLIENT_CPU})
    os.environ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin:" + os.environ.get("PATH", "")
    source = os.path.abspath(args.gantry) if args.gantry else os.path.join(repo, "out", "gantry")
    if not os.access(source, os.X_OK):
        raise SystemExit(f"{source}: no gantry binary (./setup.sh --no-run publishes out/gantry)")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    date, results, stem, log_dir = cli.result_paths(bench, args.name)
    run_dir = tempfile.mkdtemp(prefix="gantry-cpupairs.", dir="/tmp")
    gantry = os.path.join(run_dir, "gantry")
    cli.private_copy(source, gantry)    # a private copy: out/gantry may be published again meanwhile
    paths = SimpleNamespace(bench=bench, apps=os.path.join(bench, "apps"), cgi=None,
                            djhello=os.path.join(bench, "djhello"), gantry=gantry, python=PYTHON)
    paths_b = paths
    if args.gantry_b:
        paths_b = SimpleNamespace(**dict(vars(paths), gantry=os.path.join(run_dir, "gantry-b")))
        shutil.copy2(os.path.abspath(args.gantry_b), paths_b.gantry)
    published = datetime.datetime.fromtimestamp(os.path.getmtime(source)).isoformat(timespec="seconds")
    meta = {"date": date, "name": args.name, "command": "bench/cpu-pairs.sh " + shlex.join(argv),
            "started": datetime.datetime.now().isoformat(timespec="seconds"), "load_before": machine.load_average(),
            "gantry": f"{machine._run([gantry, '--version'])}, {os.path.relpath(source, repo)} published {published}",
            "commands": {}, "gantry_b": args.gantry_b and f"{machine._run([paths_b.gantry, '--version'])}, {args.gantry_b}"}
    for row_id in args.row_ids:
        shown = RunContext(SimpleNamespace(**dict(vars(paths), gantry="out/gantry", apps="bench/apps")), "$RUN",
                           "$RUN", row_id, SERVER_CPU, dry=True)
        BY_ID[row_id].start(shown)
        meta["commands"][row_id] = " ".join(shown.commands).replace("8000", "P").replace("9000", "P2")
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    sides, pairs = [], []
    try:
        for label, row_id, row_paths in (("A", args.row_ids[0], paths), ("B", args.row_ids[1], paths_b)):
            sides.append(start_row(label, row_id, row_paths, run_dir, log_dir, args.warmup, args.connections))
        a, b = sides
        for i in range(1, args.pairs + 1):
            machine.wait_quiet(args.quiet_pct, args.quiet_wait)
            order = (a, b) if i % 2 else (b, a)
            if args.together:
                runs = measure_together(order, args, log_dir, f"p{i}")
            else:
                runs = {side.label: measure_run(side, args, log_dir, f"p{i}.{side.label}") for side in order}
            pair = (runs["A"], runs["B"])
            pairs.append(pair)
            print(f"{time.strftime('%H:%M:%S')} pair {i:3}: A {pair[0]['rps']:>8,.0f} rps {pair[0]['ns_per_req']:7,.0f} ns/req"
                  f"  B {pair[1]['rps']:>8,.0f} rps {pair[1]['ns_per_req']:7,.0f} ns/req"
                  f"  B/A cpu {pair[1]['ns_per_req'] / pair[0]['ns_per_req']:.4f}  others {pair[0]['others_core0_pct']:.0f}/"
                  f"{pair[1]['others_core0_pct']:.0f} %", flush=True)
    except (NotAvailable, RuntimeError) as e:
        print(f"stopped: {e}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted: writing what was measured", flush=True)
    finally:
        for side in sides:
            side.ctx.stop()
        shutil.rmtree(run_dir, ignore_errors=True)
    if not pairs:
        return 1
    meta["ended"] = datetime.datetime.now().isoformat(timespec="seconds")
    meta["load_after"] = machine.load_average()
    summary = summarize(pairs)
    with open(os.path.join(log_dir, "pairs.json"), "w") as f:
        json.dump({"meta": meta, "args": vars(args), "summary": summary, "pairs": pairs}, f, indent=1)
    md = os.path.join(results, stem + ".md")
    with open(md, "w") as f:
        f.write(render(meta, args, summary, pairs))
    print(f"report: {os.path.relpath(md)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
