"""A cgroup that counts the CPU of a server's whole process tree, processes that have exited
included: for servers that fork a process per request (CGI).

The sampler reads utime/stime of each live process every 0.5 s; a CGI script lives a few
milliseconds, so it is almost never seen, and its CPU would be missing from the server's and
counted as "others" on the server's core. Its parent's cutime would not catch it either:
mod_cgid's daemon ignores SIGCHLD (SigIgn in /proc/PID/status), so the kernel reaps its
scripts and adds their CPU to no one. A cgroup's counters include every process that ran in it.

Every process the row launches joins the group before it execs (children inherit it), so
nothing forked later escapes. cgroup v2 (cpu.stat, in µs) where mounted, else v1's cpuacct
controller (ns); without either (not root, no cgroupfs) the rows run, without the scripts'
CPU (the record says so: per_request_cpu)."""
import os
import time

V2_ROOTS = ("/sys/fs/cgroup", "/sys/fs/cgroup/unified")   # unified only, or hybrid (systemd's)
V1_ROOT = "/sys/fs/cgroup/cpuacct"


class CpuGroup:
    """One cgroup of ours: create(), join() from a child before exec, usage(), remove()."""

    def __init__(self, path, v2):
        self.path = path
        self.v2 = v2

    @classmethod
    def create(cls, name):
        """A fresh group named `name`, or None when no cgroup hierarchy lets us make one."""
        for root in V2_ROOTS:
            if os.path.exists(os.path.join(root, "cgroup.controllers")):
                group = cls._make(os.path.join(root, name), v2=True)
                if group:
                    return group
        if os.path.exists(os.path.join(V1_ROOT, "cpuacct.usage")):
            return cls._make(os.path.join(V1_ROOT, name), v2=False)
        return None

    @classmethod
    def _make(cls, path, v2):
        try:
            os.mkdir(path)
        except OSError:
            return None
        return cls(path, v2)

    def join(self):
        """Move the calling process into the group (Popen's preexec_fn: after fork, before exec)."""
        with open(os.path.join(self.path, "cgroup.procs"), "w") as f:
            f.write("0")

    def usage(self):
        """(total, user, system) CPU seconds of every process that has run in the group. The
        total is the scheduler's exact run time; user/system come from tick sampling."""
        if self.v2:
            with open(os.path.join(self.path, "cpu.stat")) as f:
                stat = dict(line.split() for line in f if line.strip())
            return tuple(int(stat[k]) / 1e6 for k in ("usage_usec", "user_usec", "system_usec"))
        return tuple(_read_int(os.path.join(self.path, name)) / 1e9
                     for name in ("cpuacct.usage", "cpuacct.usage_user", "cpuacct.usage_sys"))

    def wait_idle(self, below=0.05, window=0.1, timeout=30.0):
        """Wait until the group uses less than `below` of a core over `window` seconds (its
        processes have finished what they were doing), at most `timeout`; returns the wait."""
        began = time.monotonic()
        last = self.usage()[0]
        while time.monotonic() - began < timeout:
            time.sleep(window)
            now = self.usage()[0]
            if now - last < below * window:
                break
            last = now
        return time.monotonic() - began

    def remove(self):
        """Remove the group (it must be empty: call after the row's processes are stopped);
        returns a note when it cannot. A process killed a moment ago may still be leaving it."""
        deadline = time.monotonic() + 2.0
        while True:
            try:
                os.rmdir(self.path)
                return ""
            except OSError as e:
                if time.monotonic() >= deadline:
                    return f"cgroup {self.path} left: {e}"
            time.sleep(0.02)


def _read_int(path):
    with open(path) as f:
        return int(f.read().split()[0])
