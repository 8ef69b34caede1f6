"""The results file: methodology header, one table per scenario, targets, every run."""
import statistics

from . import beforeafter, targets, whole
from .rows import BY_ID
from .summary import ratio, summarize


def render(meta, settings, load_tables, startup_table, records, commands):
    loads = summarize(records, "load")
    startups = summarize(records, "startup")
    out = [f"# Gantry against its peers, {meta['date']} ({meta['name']})", ""]
    out += _methodology(meta, settings, records)
    out += targets.render(loads, startups)
    out += beforeafter.render(meta.get("baseline"), load_tables, loads)
    for table in load_tables:
        out += _load_table(table, loads)
    if startup_table.rows and startups:
        out += _startup_table(startup_table, startups)
    out += _commands(commands)
    out += _every_run(records)
    return "\n".join(out) + "\n"


def _methodology(meta, settings, records):
    foreign = [r["foreign_cpu_pct"] for r in records if r.get("foreign_cpu_pct") is not None]
    others = [r["others_server_core_pct"] for r in records if r.get("others_server_core_pct") is not None]
    others1 = [r["others_client_core_pct"] for r in records if r.get("others_client_core_pct") is not None]
    busy = [r["busy_before_pct"] for r in records if r.get("busy_before_pct") is not None]
    noisy = sum(1 for f in foreign if f > 10)
    lines = ["## Methodology", ""]
    lines += [f"- **{k}**: {v}" for k, v in meta["versions"].items()]
    lines += [
        f"- **command**: `{meta['command']}`; started {meta['started']}, ended {meta['ended']}",
        f"- **pinning**: every server process (nginx, apache2, masters, workers, CGI scripts) "
        f"`taskset -c {settings.server_cpu}`; "
        f"wrk, the readiness client and the memory sampler on core {settings.client_cpu}; one worker "
        "process, one thread (apache2: one child process with its threads). The whole-machine table differs: nothing pinned (servers and wrk on "
        f"cores {whole.CPUS}), {whole.WORKERS} worker processes each side, "
        f"`wrk -t{whole.THREADS} -c{whole.CONNECTIONS}`.",
        f"- **load**: `wrk -t{settings.threads} -c{settings.connections} -d{settings.duration}s --latency` "
        f"after a {settings.warmup} s warm-up at the same concurrency; {meta['reps']} repetitions, "
        "interleaved (each repetition starts every row afresh, so drift in the machine's load spreads "
        "over all rows). Tables show the median over repetitions and min..max of rps; p50/p99 are "
        "wrk's, median over repetitions.",
        "- **memory**: peak over 0.5 s samples during warm-up + run; RSS (VmRSS) and PSS "
        "(smaps_rollup, shared pages split between the processes mapping them), summed over the "
        "server's process tree, and per process.",
        "- **noise**: the machine is shared with other engineers building and testing. Before each "
        f"run the harness waits up to {settings.quiet_wait:g} s for a 1 s window under "
        f"{settings.quiet_pct:g} % busy. *Foreign CPU %* is the CPU used during the measured run by "
        "processes outside this harness, as % of all cores (50 % = one core's worth). "
        f"*Others on core {settings.server_cpu} / {settings.client_cpu} %* is the user+system time of "
        "the server's / the client's core not spent by our processes pinned there, as % of that core: "
        "what other users took from the server's core and from wrk's. "
        "*Server CPU %* is the server tree's CPU as % of one core (about 100 % = the core is saturated). "
        f"**This run**: foreign CPU median {_med(foreign)} %, max {_max(foreign)} %, {noisy} of "
        f"{len(foreign)} load runs above 10 %; others on the server's core median {_med(others)} %, max "
        f"{_max(others)} %; others on the client's core median {_med(others1)} %, max {_max(others1)} %; busy before runs median {_med(busy)} %.",
        "- **logging**: request logging off on every side (gantry/uWSGI `--disable-logging`, uvicorn "
        "`--no-access-log`, nginx `access_log off`, apache2 without CustomLog, gunicorn's access log is "
        "off by default).",
        "- **ratios**: gantry/peer = gantry's median rps / the peer's median rps, both from this run. "
        "*Req per server CPU-s* = rps / (server CPU % / 100): requests served per second of CPU the "
        "server got; it moves less than rps when other users take part of core 0, so its ratio is "
        "shown beside the rps ratio as a cross-check (an indicator: CPU accounting is tick-based).",
        "",
    ]
    return lines


def _load_table(table, loads):
    split = table.cpu_split
    tree_cpu = "nginx + server CPU %" if split else "server CPU %"
    head = ("| server | rps (median) | rps min..max | gantry/peer | req per server CPU-s | gantry/peer per CPU-s "
            "| p50 ms | p99 ms | RSS MB | PSS MB "
            f"| per process peak RSS/PSS MB | {tree_cpu} | others on core 0 / 1 % med (max) | foreign CPU % med (max) "
            "| wrk errors | n | note |")
    rule = "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|---:|---:|---|"
    if split:
        head = head[:-len(" note |")] + (" nginx CPU % | server CPU % user / sys | nginx µs/req | server µs/req "
                                         "| bound at zero server cost (min..max) | wrk + driver CPU % | note |")
        rule = rule[:-len("---|")] + "---:|---|---:|---:|---|---:|---|"
    lines = [f"## {table.title}", "", table.about, "", head, rule]
    for row_id, ref_id in table.rows:
        s = loads.get(row_id)
        title, note = BY_ID[row_id].title, BY_ID[row_id].note
        if s is None:
            continue
        if not s.available:
            cells = [title, _cell(s.status)] + [""] * 13 + [f"0/{len(s.records)}"] + [""] * (7 if split else 1)
            lines.append("| " + " | ".join(cells) + " |")
            continue
        ref = loads.get(ref_id)
        r = ratio(ref.median("rps") if ref and ref.available else None, s.median("rps"))
        r_cpu = ratio(ref.median("rps_per_cpu") if ref and ref.available else None, s.median("rps_per_cpu"))
        lo, hi = s.range("rps")
        _, f_hi = s.range("foreign_cpu_pct")
        _, c_hi = s.range("others_server_core_pct")
        _, d_hi = s.range("others_client_core_pct")
        lines.append(
            f"| {title} | {s.median('rps'):,.0f} | {lo:,.0f}..{hi:,.0f} | {_x(r)} "
            f"| {_num(s.median('rps_per_cpu'), ',.0f')} | {_x(r_cpu)} "
            f"| {s.median('p50_ms'):.2f} | {s.median('p99_ms'):.2f} | {s.median('rss_mb'):.1f} "
            f"| {s.median('pss_mb'):.1f} | {_per_process(s)} | {s.median('server_cpu_pct'):.0f} "
            f"| {s.median('others_server_core_pct'):.0f} ({c_hi:.0f}) / {s.median('others_client_core_pct'):.0f} "
            f"({d_hi:.0f}) | {s.median('foreign_cpu_pct'):.0f} ({f_hi:.0f}) "
            f"| {s.errors()} "
            f"| {len(s.ok)}/{len(s.records)} | " + (_split_cells(s) + " | " if split else "") + f"{note} |")
    return lines + [""]


def _split_cells(s):
    """The CPU split columns of one row: medians over its runs (records without the figures,
    from runs before the harness recorded them, show blanks)."""
    b_lo, b_hi = s.range("zero_cost_bound")
    bound = "" if s.median("zero_cost_bound") is None else \
        f"{_x(s.median('zero_cost_bound'))} ({b_lo:.2f}..{b_hi:.2f})"
    user, system = s.median("app_user_pct"), s.median("app_sys_pct")
    app = "" if user is None else f"{user + system:.0f} ({user:.0f} / {system:.0f})"
    return " | ".join([_num(s.median("front_cpu_pct"), ".0f"), app, _num(s.median("front_us_per_req"), ".1f"),
                       _num(s.median("app_us_per_req"), ".1f"), bound, _num(s.median("client_cpu_pct"), ".0f")])


def _startup_table(table, startups):
    lines = [f"## {table.title}", "", table.about, "",
             "| server | app | ms to first 200 (median) | min..max | peer/gantry time | RSS MB | PSS MB "
             "| per process RSS/PSS MB | n |", "|---|---|---:|---|---:|---:|---:|---|---:|"]
    for row_id, ref_id in table.rows:
        s = startups.get(row_id)
        if s is None:
            continue
        app = "Django" if "django" in row_id else "hello"
        if not s.available:
            lines.append(f"| {BY_ID[row_id].title} | {app} | {_cell(s.status)} | | | | | | 0/{len(s.records)} |")
            continue
        ref = startups.get(ref_id)
        r = ratio(s.median("startup_ms"), ref.median("startup_ms") if ref and ref.available else None)
        lo, hi = s.range("startup_ms")
        lines.append(f"| {BY_ID[row_id].title} | {app} | {s.median('startup_ms'):.0f} | {lo:.0f}..{hi:.0f} "
                     f"| {_x(r)} | {s.median('rss_mb'):.1f} | {s.median('pss_mb'):.1f} "
                     f"| {_per_process(s)} | {len(s.ok)}/{len(s.records)} |")
    return lines + [""]


def _commands(commands):
    baseline = "; `$BASELINE` the baseline binary (copied there)" if any(
        "$BASELINE" in c for cmds in commands.values() for c in cmds) else ""
    lines = ["## What each row runs", "",
             f"`P` is a free loopback port chosen per run; `$RUN` a fresh directory under /tmp{baseline}; "
             "paths are relative to the repository.", ""]
    for row_id, cmds in commands.items():
        row = BY_ID[row_id]
        load = f"; wrk and the readiness probe request `{row.path}`" if row.path != "/" else ""
        load += f" (wrk adds `{' '.join(row.wrk_args)}`)" if row.wrk_args else ""
        lines.append(f"- **{row.title}** (`{row_id}`): " + "; then ".join(f"`{c}`" for c in cmds) + load)
    return lines + [""]


def _every_run(records):
    lines = ["## Every run", "", "| row | kind | rep | status | rps | p99 ms | startup ms | server CPU % "
             "| CPU per process, user / sys % of one core | others on core 0 / 1 % | foreign CPU % | busy before % "
             "| load1 |",
             "|---|---|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|"]
    for r in records:
        status = _cell(r.get("status", "?") + (f" ({r['reason']})" if r.get("reason") else ""))
        lines.append(f"| {r['row']} | {r['kind']} | {r['rep']} | {status} | {_num(r.get('rps'), ',.0f')} "
                     f"| {_num(r.get('p99_ms'), '.2f')} | {_num(r.get('startup_ms'), '.0f')} "
                     f"| {_num(r.get('server_cpu_pct'), '.0f')} | {_process_cpu(r)} | {_pair(r)} "
                     f"| {_num(r.get('foreign_cpu_pct'), '.0f')} "
                     f"| {_num(r.get('busy_before_pct'), '.0f')} | {r.get('load1', '')} |")
    return lines


def _per_process(s):
    return ", ".join(f"{label} {rss:.1f}/{pss:.1f}" for label, rss, pss in s.processes())


def _process_cpu(r):
    window = r.get("cpu_window_s")
    if not window or not r.get("process_cpu"):
        return ""
    return ", ".join(f"{label} {100 * u / window:.0f} / {100 * s / window:.0f}" for label, u, s in r["process_cpu"])


def _pair(r):
    a, b = r.get("others_server_core_pct"), r.get("others_client_core_pct")
    return "" if a is None else f"{a:.0f} / {b:.0f}"


def _cell(text):
    return text.replace("|", "/").replace("\n", " ")


def _x(value):
    return "–" if value is None else f"{value:.2f}×"


def _num(value, spec):
    return "" if value is None or value != value else format(value, spec)


def _med(values):
    return f"{statistics.median(values):.0f}" if values else "–"


def _max(values):
    return f"{max(values):.0f}" if values else "–"
