"""Background sampling of one server tree during a load run: peak RSS and PSS per process
and in total, the CPU of every server process (user and system apart), the harness's own
CPU, and the CPU that other users of the machine took."""
import os
import threading
import time

from . import proctree

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CPUS = os.cpu_count() or 1
PER_REQUEST = "per-request processes"   # with a cpu group: the CGI scripts, folded into one row


class Sampler(threading.Thread):
    """Samples every `interval` seconds until stop(). CPU figures count from mark() to stop(),
    both of which take a sample of their own, so the window is the measured run plus the
    few milliseconds around it (when the servers are idle).

    Processes fall in three groups: the server tree (pinned to `server_core`), the rest of
    the harness (this driver, wrk: pinned to `client_core`), and foreign (every other
    user-space process: other engineers' builds and tests).

    server_cpu_pct   the server tree's CPU as % of ONE core (saturated near 100 %).
    client_cpu_pct   the harness's own CPU (wrk + this driver) as % of one core.
    foreign_cpu_pct  foreign CPU as % of ALL cores (on two cores, 50 % = a whole core's worth).
    others_pct[core] user+nice+system+steal time of that core (/proc/stat cpuN) not spent by
                     our processes pinned there, as % of the core: what other users took from
                     the server's core and from the client's core. Interrupt time is left out
                     (the loopback traffic of our own sockets is processed there). A process
                     of ours is counted on the core its affinity names (nginx may sit on the
                     client core), or on its group's core when it may run on several.
    window_s         length of the CPU window in seconds.
    cpu_by_process() [(label, user s, system s)] of each server process over the window.

    With a `cpu_group` (cpugroup.py: every process of the server tree runs in it), the server
    forks a process per request (CGI): the processes of the tree born after the sampler are
    those, folded into one PER_REQUEST row. Most live between two samples, so their CPU is
    the group's beyond what the samples counted for the server's own processes: it is part
    of the server's CPU, of the server's core, and cpu_by_process()'s PER_REQUEST row; in
    processes() that row is the largest one seen."""

    def __init__(self, roots, server_core, client_core, interval=0.5, cpu_group=None):
        super().__init__(daemon=True)
        self.roots = list(roots)
        self.cpu_group = cpu_group
        self.per_request_cpu = None      # (user s, system s) of the per-request processes, with a cpu_group
        self.per_request_peak = None     # {"rss_kb", "pss_kb"}: the largest per-request process seen
        self._group_last = self._group_mark = None
        self._born_ticks = _uptime_ticks() if cpu_group is not None else None
        self.interval = interval
        self.bench_root = os.getpid()
        self.cores = {"server": server_core, "bench": client_core}
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.per_process = {}            # (pid, start) -> {"label", "rss_kb", "pss_kb"}
        self.server_cpu_pct = self.client_cpu_pct = self.foreign_cpu_pct = 0.0
        self.window_s = 0.0
        self.others_pct = {}
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._sample_time = self._mark_time = time.monotonic()
        self._core_last = {c: _core_times(c) for c in self.cores.values()}
        self._core_mark = dict(self._core_last)
        self._last = {}                  # (pid, start) -> (group, utime, stime) at the latest sample
        self._first = {}                 # (pid, start) -> (utime, stime) at mark()
        self._pinned = {}                # (pid, start) -> the one core it may run on, or None

    def mark(self):
        """Count CPU from now on (call right before the measured run starts)."""
        self.sample_once()
        with self._lock:
            self._mark_time = self._sample_time
            self._first = {k: (u, s) for k, (_, u, s) in self._last.items()}
            self._core_mark = dict(self._core_last)
            self._group_mark = self._group_last

    def stop(self):
        self._stopping.set()
        self.join()
        self.window_s = elapsed = max(self._sample_time - self._mark_time, 1e-6)
        used = {"server": 0, "bench": 0, "foreign": 0}
        on_core = {core: 0 for core in self.cores.values()}
        for key, (group, u, s) in self._last.items():
            if group == "server" and self._per_request(key):
                continue                                     # counted through the cpu group below
            spent = sum(self._spent(key, u, s))
            used[group] += spent
            if group != "foreign":
                core = self._pinned.get(key)
                on_core[self.cores[group] if core is None or core not in on_core else core] += spent
        if self._group_mark is not None:
            self.per_request_cpu = self._per_request_cpu()
            forked = sum(self.per_request_cpu) * CLOCK_TICKS
            used["server"] += forked
            on_core[self.cores["server"]] += forked         # forked by a pinned process: same core
        self.server_cpu_pct = 100.0 * used["server"] / (CLOCK_TICKS * elapsed)
        self.client_cpu_pct = 100.0 * used["bench"] / (CLOCK_TICKS * elapsed)
        self.foreign_cpu_pct = 100.0 * used["foreign"] / (CLOCK_TICKS * elapsed * CPUS)
        for core in self.cores.values():
            busy, total = (b - a for a, b in zip(self._core_mark[core], self._core_last[core]))
            self.others_pct[core] = 100.0 * max(0, busy - on_core[core]) / total if total else 0.0

    def cpu_by_process(self):
        """[(label, user seconds, system seconds)] of each server process over the window,
        in start order (utime and stime of /proc/PID/stat: every thread of the process)."""
        rows = []
        for key, (group, u, s) in sorted(self._last.items(), key=lambda kv: (int(kv[0][1]), kv[0][0])):
            if group == "server" and not self._per_request(key):
                du, ds = self._spent(key, u, s)
                label = self.per_process.get(key, {}).get("label") or "?"
                rows.append((label, du / CLOCK_TICKS, ds / CLOCK_TICKS))
        if self.per_request_cpu is not None:
            rows.append((PER_REQUEST, *self.per_request_cpu))
        return rows

    def _per_request(self, key):
        """Whether the process (pid, start) was forked for a request: born after the sampler,
        in a row with a cpu group."""
        return self._born_ticks is not None and int(key[1]) > self._born_ticks

    def _per_request_cpu(self):
        """(user s, system s) the cpu group used over the window beyond what the samples
        counted for the server's own processes. The group's total is exact run time; its
        user / system split (tick-sampled) shares that remainder out."""
        total, user, system = (b - a for a, b in zip(self._group_mark, self._group_last))
        seen_user = seen_system = 0
        for key, (group, u, s) in self._last.items():
            if group == "server" and not self._per_request(key):
                du, ds = self._spent(key, u, s)
                seen_user, seen_system = seen_user + du, seen_system + ds
        left = max(0.0, total - (seen_user + seen_system) / CLOCK_TICKS)
        left_user = max(0.0, user - seen_user / CLOCK_TICKS)
        left_system = max(0.0, system - seen_system / CLOCK_TICKS)
        share = left_user / (left_user + left_system) if left_user + left_system > 0 else 0.5
        return left * share, left * (1 - share)

    def processes(self):
        """[(label, rss_mb, pss_mb)] of each server process's peak, in start order."""
        items = sorted(self.per_process.items(), key=lambda kv: (int(kv[0][1]), kv[0][0]))
        rows = [(v["label"], v["rss_kb"] / 1024, v["pss_kb"] / 1024) for _, v in items]
        if self.per_request_peak:
            rows.append((PER_REQUEST + " (largest)", self.per_request_peak["rss_kb"] / 1024,
                         self.per_request_peak["pss_kb"] / 1024))
        return rows

    def run(self):
        while True:
            self.sample_once()
            if self._stopping.wait(self.interval):
                self.sample_once()
                return

    def sample_once(self):
        stats = proctree.all_stats()
        server = proctree.tree(self.roots, stats)
        bench = proctree.tree([self.bench_root], stats)
        self._sample_memory(server)
        now_ticks = _uptime_ticks()
        with self._lock:
            mark_ticks = now_ticks - (time.monotonic() - self._mark_time) * CLOCK_TICKS
            self._sample_time = time.monotonic()
            self._core_last = {c: _core_times(c) for c in self.cores.values()}
            if self.cpu_group is not None:
                self._group_last = self.cpu_group.usage()
            for pid, st in stats.items():
                # kthreadd (2) and its children are the kernel's; zombies have no live CPU.
                if pid == 2 or st["ppid"] == 2 or st["state"] == "Z":
                    continue
                group = "server" if pid in server else "bench" if pid in bench else "foreign"
                key = (pid, st["start"])
                if key not in self._last and int(st["start"]) >= mark_ticks:
                    self._first[key] = (0, 0)     # born after mark(): all its CPU is in the window
                elif key not in self._last:
                    self._first.setdefault(key, (st["utime"], st["stime"]))
                # Looked at again until pinned: `taskset -c N prog` pins itself, then execs prog under the same
                # pid and start time, so a first look can come before the pinning.
                if group != "foreign" and self._pinned.get(key) is None:
                    self._pinned[key] = _pinned_core(pid)
                self._last[key] = (group, st["utime"], st["stime"])

    def _spent(self, key, utime, stime):
        first_u, first_s = self._first.get(key, (0, 0))
        return utime - first_u, stime - first_s

    def _sample_memory(self, server):
        total_rss = total_pss = 0
        for pid, st in server.items():
            rss, pss = proctree.memory_kb(pid)
            total_rss += rss
            total_pss += pss
            if self._per_request((pid, st["start"])):
                peak = self.per_request_peak = self.per_request_peak or {"rss_kb": 0, "pss_kb": 0}
                peak["rss_kb"], peak["pss_kb"] = max(peak["rss_kb"], rss), max(peak["pss_kb"], pss)
                continue
            entry = self.per_process.setdefault((pid, st["start"]), {"label": "", "rss_kb": 0, "pss_kb": 0})
            entry["label"] = proctree.label(pid, st, server)
            entry["rss_kb"] = max(entry["rss_kb"], rss)
            entry["pss_kb"] = max(entry["pss_kb"], pss)
        self.peak_rss_kb = max(self.peak_rss_kb, total_rss)
        self.peak_pss_kb = max(self.peak_pss_kb, total_pss)


def _uptime_ticks():
    """Clock ticks since boot: the unit of a process's start time in /proc/PID/stat."""
    with open("/proc/uptime") as f:
        return float(f.read().split()[0]) * CLOCK_TICKS


def _pinned_core(pid):
    """The only CPU `pid` may run on, or None (several, or the process is gone)."""
    try:
        cpus = os.sched_getaffinity(pid)
    except OSError:
        return None
    return next(iter(cpus)) if len(cpus) == 1 else None


def _core_times(core):
    """(user+nice+system+steal, all) jiffies of one CPU from /proc/stat."""
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith(f"cpu{core} "):
                v = [int(x) for x in line.split()[1:]]
                return v[0] + v[1] + v[2] + v[7], sum(v[:8])
    return 0, 0
