"""Process trees read from /proc, and stopping one tree by PID.

A process is identified by its PID *and* its start time (field 22 of /proc/PID/stat), so a
recycled PID is never signalled. Only the PIDs the harness started and their descendants are
ever touched: never a process found by name (other engineers run gantry on this machine too).
"""
import os
import signal
import time


def read_stat(pid):
    """Parsed /proc/PID/stat fields the harness uses, or None if the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read().decode("ascii", "replace")
    except OSError:
        return None
    # comm may contain spaces and parentheses: it ends at the last ')'.
    close = data.rfind(")")
    comm = data[data.find("(") + 1:close]
    fields = data[close + 2:].split()
    # fields[0] is field 3 (state); utime/stime are fields 14/15, starttime is field 22.
    utime, stime = int(fields[11]), int(fields[12])
    return {"state": fields[0], "ppid": int(fields[1]), "start": fields[19], "comm": comm,
            "utime": utime, "stime": stime, "cpu": utime + stime}


def all_stats():
    """{pid: stat} for every process on the machine."""
    stats = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = read_stat(int(name))
            if st is not None:
                stats[int(name)] = st
    return stats


def tree(roots, stats=None):
    """{pid: stat} of the live (non-zombie) roots and all their descendants."""
    if stats is None:
        stats = all_stats()
    children = {}
    for pid, st in stats.items():
        children.setdefault(st["ppid"], []).append(pid)
    found = {}
    todo = [r for r in roots if r in stats]
    while todo:
        pid = todo.pop()
        if pid in found:
            continue
        found[pid] = stats[pid]
        todo.extend(children.get(pid, []))
    return {p: s for p, s in found.items() if s["state"] != "Z"}


def alive(pid, start):
    st = read_stat(pid)
    return st is not None and st["start"] == start and st["state"] != "Z"


def stop_tree(roots_and_signals, timeout=15.0):
    """Signal each (pid, signal) root, wait for the whole tree recorded beforehand to exit,
    then SIGKILL whatever of that tree is left. Returns a one-line account of what happened."""
    members = {p: s["start"] for p, s in tree([r for r, _ in roots_and_signals]).items()}
    for pid, sig in roots_and_signals:
        if pid in members:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(alive(p, s) for p, s in members.items()):
            return f"stopped {len(members)} process(es)"
        time.sleep(0.05)
    left = [p for p, s in members.items() if alive(p, s)]
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 2.0                 # SIGKILL is not instantaneous either
    while time.monotonic() < deadline and any(alive(p, members[p]) for p in left):
        time.sleep(0.01)
    return f"timed out after {timeout:g} s; SIGKILLed {left}"


def memory_kb(pid):
    """(VmRSS, Pss) of one process in KiB; Pss from smaps_rollup (shared pages split between
    the processes that map them, so forked workers are not double-counted)."""
    return _field_kb(f"/proc/{pid}/status", "VmRSS:"), _field_kb(f"/proc/{pid}/smaps_rollup", "Pss:")


def label(pid, st, members):
    """A readable name for one process of a server tree: its command plus its role."""
    name = st["comm"]
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().decode("utf-8", "replace").split("\0")
        if argv[0].startswith("nginx: "):
            return "nginx " + argv[0].split()[1]        # "nginx: worker process" -> "nginx worker"
        if "-m" in argv[:-1] and name.startswith("python"):
            name = argv[argv.index("-m") + 1]           # "python3 -m uvicorn" -> "uvicorn"
    except OSError:
        pass
    if any(s["ppid"] == pid for s in members.values()):
        return name + " master"
    if st["ppid"] in members:
        return name + " worker"
    return name


def _field_kb(path, key):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
