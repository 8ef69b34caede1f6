"""One measurement of one row: start it, wait for 200, check the row's body, warm up, load it
with wrk while sampling memory and CPU, stop exactly what was started. Returns a plain dict (the
raw record kept in results/raw/ and summarised in the report)."""
import os
import time
from dataclasses import dataclass

from . import cpusplit, machine, probe, whole, wrk
from .cpugroup import CpuGroup
from .launch import NotAvailable, RunContext
from .sampler import Sampler


@dataclass(frozen=True)
class Settings:
    duration: int = 10
    warmup: int = 2
    connections: int = 32
    threads: int = 1
    server_cpu: int = 0
    client_cpu: int = 1
    quiet_pct: float = 15.0
    quiet_wait: float = 20.0
    ready_timeout: float = 60.0


def load(row, rep, settings, paths, run_dir, log_dir):
    """Measure `row` under wrk once."""
    record = {"row": row.id, "rep": rep, "kind": "load"}
    record["busy_before_pct"] = round(machine.wait_quiet(settings.quiet_pct, settings.quiet_wait), 1)
    record["load1"] = machine.load_average()
    server_cpus, client_cpus, threads, connections = whole.placement(row, settings)
    tag = f"r{rep}.{row.id}"
    # A server that forks per request: its scripts' CPU is counted through a cgroup (cpugroup.py).
    group = CpuGroup.create(f"gantry-bench.{os.getpid()}.{tag}") if row.forks_per_request else None
    ctx = RunContext(paths, run_dir, log_dir, tag, server_cpus,
                     front_cpu=settings.client_cpu if row.front_on_client_core else None,
                     url_path=row.path, cpu_group=group)
    if row.forks_per_request:
        record["per_request_cpu"] = "counted (cgroup)" if group else "not counted: no cgroup could be made"
    try:
        started = _start(row, ctx, settings, record)
        if not started:
            return record
        url = f"http://127.0.0.1:{ctx.port}{ctx.url_path}"
        sampler = Sampler(ctx.pids(), settings.server_cpu, settings.client_cpu, cpu_group=group)
        sampler.start()
        try:
            if settings.warmup > 0:
                wrk.run(url, threads=threads, connections=connections,
                        seconds=settings.warmup, cpu=client_cpus, latency=False, extra=row.wrk_args,
                        log_path=f"{log_dir}/{ctx.tag}.warmup.txt")
            if group:
                # The warm-up's last requests may still be running (a Python CGI takes tens of ms,
                # 32 of them queue for seconds): the measured run starts once they are done.
                record["drain_s"] = round(group.wait_idle(), 2)
            sampler.mark()
            result = wrk.run(url, threads=threads, connections=connections,
                             seconds=settings.duration, cpu=client_cpus, extra=row.wrk_args,
                             log_path=f"{log_dir}/{ctx.tag}.wrk.txt")
        finally:
            sampler.stop()
        record.update(status="ok", rps=result.rps, p50_ms=result.p50_ms, p99_ms=result.p99_ms,
                      socket_errors=result.socket_errors, non2xx=result.non2xx, requests=result.requests,
                      rss_mb=sampler.peak_rss_kb / 1024, pss_mb=sampler.peak_pss_kb / 1024,
                      processes=sampler.processes(), foreign_cpu_pct=round(sampler.foreign_cpu_pct, 1),
                      server_cpu_pct=round(sampler.server_cpu_pct, 1),
                      client_cpu_pct=round(sampler.client_cpu_pct, 1), cpu_window_s=round(sampler.window_s, 3),
                      process_cpu=[[label, round(u, 3), round(s, 3)] for label, u, s in sampler.cpu_by_process()],
                      others_server_core_pct=round(sampler.others_pct[settings.server_cpu], 1),
                      others_client_core_pct=round(sampler.others_pct[settings.client_cpu], 1))
        record.update(cpusplit.split(record["process_cpu"], result.requests, sampler.window_s))
        # Requests per second of server CPU: less sensitive than rps to time other users take
        # from the core (an indicator, not the headline figure).
        if sampler.server_cpu_pct > 0:
            record["rps_per_cpu"] = result.rps / (sampler.server_cpu_pct / 100)
        died = ctx.dead()
        if died:
            record.update(status="failed", reason=f"died under load: {died}")
        elif not result.requests:
            # Not a rate of 0: e.g. 32 Python CGI scripts run side by side on a busy core can
            # all take longer than a --quick run's 2 s.
            record.update(status="failed", reason=f"wrk completed no request in {settings.duration} s")
    finally:
        record["stop"] = ctx.stop()
    return record


def startup(row, rep, settings, paths, run_dir, log_dir):
    """Launch `row` and time its first 200; memory is sampled once right after it."""
    record = {"row": row.id, "rep": rep, "kind": "startup"}
    record["busy_before_pct"] = round(machine.wait_quiet(settings.quiet_pct, settings.quiet_wait), 1)
    ctx = RunContext(paths, run_dir, log_dir, f"s{rep}.{row.id}", settings.server_cpu, url_path=row.path)
    try:
        if _start(row, ctx, settings, record):
            sampler = Sampler(ctx.pids(), settings.server_cpu, settings.client_cpu)
            sampler.sample_once()
            record.update(status="ok", rss_mb=sampler.peak_rss_kb / 1024,
                          pss_mb=sampler.peak_pss_kb / 1024, processes=sampler.processes())
    finally:
        record["stop"] = ctx.stop()
    return record


def _start(row, ctx, settings, record):
    """Start the row and wait for its first 200 with the expected body; records startup_ms
    (launch to first 200) or the reason it is not available / failed. True when serving."""
    began = time.monotonic()
    try:
        row.start(ctx)
        body = probe.wait_for_200("127.0.0.1", ctx.port, ctx.url_path,
                                  began + settings.ready_timeout, ctx.dead)
    except NotAvailable as e:
        record.update(status="not available", reason=str(e))
        return False
    except (RuntimeError, TimeoutError) as e:
        record.update(status="failed", reason=str(e))
        return False
    record["startup_ms"] = round((time.monotonic() - began) * 1000, 1)
    if body.strip() != row.body:
        record.update(status="failed", reason=f"unexpected body {body[:60]!r}")
        return False
    return True
