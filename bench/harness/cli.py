"""Command line of the harness: choose scenarios, run every measurement, write the report."""
import argparse
import dataclasses
import datetime
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from types import SimpleNamespace

from . import binary, machine, measure, report, scenarios
from .launch import RunContext
from .rows import BASELINE, BY_ID

PYTHON = "/usr/bin/python3"      # Debian's: the python3-* packages (Django, uvicorn…) live there


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__)
    p.add_argument("-r", "--reps", type=int, default=3, help="repetitions of every load row (default 3)")
    p.add_argument("-d", "--duration", type=int, default=10, help="seconds of each measured wrk run (default 10)")
    p.add_argument("-w", "--warmup", type=int, default=2, help="seconds of warm-up before each run (default 2)")
    p.add_argument("-s", "--startup-runs", type=int, default=5, help="launches per startup row (default 5)")
    p.add_argument("-t", "--tables", default="hello,django,nginx,machine,cgi,php,startup",
                   help="comma-separated scenarios: hello, asgi, frameworks, hosted, django, nginx, machine, cgi, php, static, startup (default: all but asgi, frameworks, hosted and static)")
    p.add_argument("--rows", default="", help="comma-separated row ids to keep (default: every row; see --list)")
    p.add_argument("-n", "--name", default="onecore", help="results/<date>-<name>.md (default onecore)")
    p.add_argument("--quick", action="store_true", help="development run: -r 1 -d 2 -w 1 -s 1, name 'quick'")
    p.add_argument("--gantry", default=None, help="the gantry binary (default <repo>/out/gantry)")
    p.add_argument("--build", action="store_true",
                   help="measure a fresh build of the committed HEAD (made in /tmp/gantry-bench-build)")
    before = p.add_mutually_exclusive_group()
    before.add_argument("--baseline", metavar="PATH", default=None,
                        help="a second gantry binary (e.g. an older build): every gantry row of the "
                             "hello, django, nginx and cgi tables gets a twin `<id>-baseline` running it with "
                             "the same arguments, and the report compares the two")
    before.add_argument("--baseline-commit", metavar="REV", default=None,
                        help="as --baseline, with a fresh build of commit REV (made like --build's)")
    p.add_argument("--baseline-label", metavar="TEXT", default=None,
                   help="the baseline's name in the report (default: 'commit C' when the harness built "
                        "it, else the path)")
    p.add_argument("--quiet-pct", type=float, default=15.0, help="pre-run gate: machine busy %% below this")
    p.add_argument("--quiet-wait", type=float, default=20.0, help="pre-run gate: wait at most this many s")
    p.add_argument("--list", action="store_true", help="list scenarios and rows with their commands, then exit")
    args = p.parse_args(argv)
    args.with_baseline = bool(args.baseline or args.baseline_commit)
    if args.baseline_label is not None and not args.with_baseline:
        p.error("--baseline-label names a baseline: give --baseline PATH or --baseline-commit REV too")
    if any(row_id.endswith(BASELINE) for row_id in args.rows.split(",")) and not args.with_baseline:
        p.error("--rows names a baseline row: give --baseline PATH or --baseline-commit REV too")
    if args.quick:
        args.reps, args.duration, args.warmup, args.startup_runs = 1, 2, 1, 1
        args.name = "quick" if args.name == "onecore" else args.name
    return args


def main(argv):
    args = parse_args(argv)
    bench = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    repo = os.path.dirname(bench)
    chosen = set(args.tables.split(","))
    tables = [t for t in scenarios.LOAD_TABLES if t.id in chosen]
    if args.with_baseline:
        tables = scenarios.with_baseline(tables)
    keep = set(filter(None, args.rows.split(",")))
    if keep:
        tables = [dataclasses.replace(t, rows=tuple(r for r in t.rows if r[0] in keep)) for t in tables]
    startup = scenarios.STARTUP_TABLE if "startup" in chosen else scenarios.Table("startup", "", "", ())
    if keep:
        startup = scenarios.Table(startup.id, startup.title, startup.about,
                                  tuple(r for r in startup.rows if r[0] in keep))
    load_rows = scenarios.load_rows(tables)
    commands = _describe(load_rows + [r for r, _ in startup.rows if r not in load_rows])
    if args.list:
        for row_id, cmds in commands.items():
            path = BY_ID[row_id].path
            print(f"{row_id:34} {BY_ID[row_id].title}" + (f"  [GET {path}]" if path != "/" else "")
                  + "\n    " + "\n    ".join(cmds))
        return 0

    settings = measure.Settings(duration=args.duration, warmup=args.warmup,
                                quiet_pct=args.quiet_pct, quiet_wait=args.quiet_wait)
    os.sched_setaffinity(0, {settings.client_cpu})   # the driver, wrk and the sampler stay off core 0
    # Debian's programs first: PATH may start with pyenv shims (another Python, no Django).
    os.environ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin:" + os.environ.get("PATH", "")
    gantry_source, gantry_origin = _gantry_binary(args, repo)
    baseline = _baseline_binary(args, repo) if args.with_baseline else None
    date, results, stem, log_dir = result_paths(bench, args.name)
    run_dir = tempfile.mkdtemp(prefix="gantry-bench.", dir="/tmp")
    os.chmod(run_dir, 0o755)                           # nginx's workers (www-data) reach the sockets
    # A private copy: another engineer may publish out/gantry again while this run goes on.
    gantry = os.path.join(run_dir, "gantry")
    private_copy(gantry_source, gantry)
    # The CGI scripts too: apache2 runs them as www-data, which may not reach the repository.
    cgi = os.path.join(run_dir, "cgi-bin")
    shutil.copytree(os.path.join(bench, "apps", "cgi"), cgi)
    paths = SimpleNamespace(bench=bench, apps=os.path.join(bench, "apps"), cgi=cgi,
                            djhello=os.path.join(bench, "djhello"), gantry=gantry, python=PYTHON)
    if baseline:
        paths.baseline = os.path.join(run_dir, "gantry-baseline")
        shutil.copy2(baseline.path, paths.baseline)
    meta = {"date": date, "name": args.name, "reps": args.reps,
            "command": "bench/run.sh " + shlex.join(argv),
            "started": datetime.datetime.now().isoformat(timespec="seconds"),
            "versions": machine.describe(gantry, gantry_origin, PYTHON,
                                         (paths.baseline, baseline.origin) if baseline else None)}
    if baseline:
        meta["baseline"] = baseline.label
    signal.signal(signal.SIGTERM, _interrupt)
    # Servers start as from a terminal: a driver started in the background (`&`, nohup) has
    # SIGINT/SIGQUIT ignored, its children would inherit that, and gantry then re-executes
    # itself to restore them, which would show in its startup time.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if signal.getsignal(signal.SIGQUIT) == signal.SIG_IGN:
        signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    records = []
    try:
        _run_all(args, settings, paths, run_dir, log_dir, load_rows, startup, records)
    except KeyboardInterrupt:
        print("interrupted: writing what was measured", flush=True)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    meta["ended"] = datetime.datetime.now().isoformat(timespec="seconds")
    with open(os.path.join(log_dir, "records.json"), "w") as f:
        json.dump({"meta": meta, "settings": vars(settings), "records": records}, f, indent=1)
    md = os.path.join(results, stem + ".md")
    with open(md, "w") as f:
        f.write(report.render(meta, settings, tables, startup, records, commands))
    print(f"report: {os.path.relpath(md)}\nlogs:   {os.path.relpath(log_dir)}")
    return 0


def private_copy(source, destination):
    """Copies the gantry binary, and gantry.so beside it when published (the gantry-hosted rows run
    --python-host executable, which loads it from beside the binary)."""
    shutil.copy2(source, destination)
    library = os.path.join(os.path.dirname(source), "gantry.so")
    if os.path.exists(library):
        shutil.copy2(library, os.path.join(os.path.dirname(destination), "gantry.so"))


def result_paths(bench, name):
    """(date, results directory, report stem, raw log directory) of a run named `name`: results/<date>-<name>.md,
    with the time added when that report exists already."""
    date = datetime.date.today().isoformat()
    stem = f"{date}-{name}"
    results = os.path.join(bench, "results")
    if os.path.exists(os.path.join(results, stem + ".md")):
        stem += datetime.datetime.now().strftime("-%H%M%S")
    log_dir = os.path.join(results, "raw", stem)
    os.makedirs(log_dir, exist_ok=True)
    return date, results, stem, log_dir


def _gantry_binary(args, repo):
    """(path, where it comes from) of the binary to measure."""
    if args.build:
        path, commit = binary.build_commit(repo, binary.BUILD_DIR)
        return path, f"built by the harness from commit {commit} (`--build`)"
    path = os.path.abspath(args.gantry) if args.gantry else binary.repository_binary(repo)
    head = subprocess.run(["git", "-C", repo, "log", "-1", "--format=%h %ci"], capture_output=True,
                          text=True).stdout.strip()
    return path, f"{os.path.relpath(path, repo)} published {_published(path)} (repository HEAD then: {head})"


def _baseline_binary(args, repo):
    """The binary of the baseline rows: .path, .origin (for the versions list) and .label
    (the report's name for it: --baseline-label, else the commit when the harness built it,
    else the path as given)."""
    if args.baseline_commit:
        path, commit = binary.build_commit(repo, binary.BUILD_DIR, args.baseline_commit)
        origin = f"built by the harness from commit {commit} (`--baseline-commit {args.baseline_commit}`)"
    else:
        path = os.path.abspath(args.baseline)
        if not os.access(path, os.X_OK):
            raise SystemExit(f"--baseline {args.baseline}: not an executable file")
        commit = binary.built_commit(path)
        built = f", built by the harness from commit {commit}" if commit else ""
        origin = f"{path} published {_published(path)}{built} (`--baseline`)"
    label = args.baseline_label or (f"commit {commit}" if commit else args.baseline)
    return SimpleNamespace(path=path, origin=origin, label=label)


def _published(path):
    """When the binary was written (its mtime), to the second."""
    return datetime.datetime.fromtimestamp(os.path.getmtime(path)).isoformat(timespec="seconds")


def _run_all(args, settings, paths, run_dir, log_dir, load_rows, startup, records):
    for rep in range(1, args.reps + 1):
        for row_id in scenarios.rep_order(load_rows, rep):
            record = measure.load(BY_ID[row_id], rep, settings, paths, run_dir, log_dir)
            records.append(record)
            _progress(record)
    for rep in range(1, args.startup_runs + 1):
        for row_id, _ in startup.rows:
            record = measure.startup(BY_ID[row_id], rep, settings, paths, run_dir, log_dir)
            records.append(record)
            _progress(record)


def _describe(row_ids):
    """{row id: [command line, ...]} with display paths, from a dry run of each start function."""
    shown = SimpleNamespace(bench="bench", apps="bench/apps", cgi="$RUN/cgi-bin", djhello="bench/djhello",
                            gantry="out/gantry", baseline="$BASELINE", python=PYTHON)
    commands = {}
    for row_id in row_ids:
        front_cpu = measure.Settings().client_cpu if BY_ID[row_id].front_on_client_core else None
        ctx = RunContext(shown, "$RUN", "$RUN", row_id, 0, dry=True, front_cpu=front_cpu)
        BY_ID[row_id].start(ctx)
        commands[row_id] = [c.replace("8000", "P").replace("9000", "P2") for c in ctx.commands]
    return commands


def _progress(r):
    stamp = time.strftime("%H:%M:%S")
    if r.get("status") != "ok":
        print(f"{stamp} {r['kind']:7} r{r['rep']} {r['row']:34} {r.get('status')}: {r.get('reason', '')}", flush=True)
    elif r["kind"] == "load":
        print(f"{stamp} load    r{r['rep']} {r['row']:34} {r['rps']:>9,.0f} rps  p99 {r['p99_ms']:7.2f} ms  "
              f"PSS {r['pss_mb']:5.1f} MB  srv {r['server_cpu_pct']:3.0f} %  foreign {r['foreign_cpu_pct']:3.0f} %",
              flush=True)
    else:
        print(f"{stamp} startup r{r['rep']} {r['row']:34} {r['startup_ms']:7.1f} ms  PSS {r['pss_mb']:5.1f} MB",
              flush=True)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
