"""One server set-up being run: the processes it launched (pinned to the server core), their
logs, the ports and sockets it uses, and stopping exactly those processes afterwards."""
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass

from . import proctree


class NotAvailable(Exception):
    """The server under test cannot run this set-up (e.g. a front not written yet): the row
    is reported as "not available" and the run goes on."""


@dataclass
class Launched:
    name: str
    popen: subprocess.Popen
    stop_signal: int
    log_path: str


class RunContext:
    """What a row's start function gets: paths, a free port, launch() and nginx_conf().
    With dry=True nothing runs: launch() records the command lines for the methodology header."""

    def __init__(self, paths, run_dir, log_dir, tag, server_cpu, dry=False, front_cpu=None,
                 url_path="/", cpu_group=None):
        self.paths = paths                    # .bench .apps .cgi .djhello .gantry .python
        self.run_dir = run_dir
        self.log_dir = log_dir
        self.tag = tag
        self.server_cpu = server_cpu
        self.front_cpu = server_cpu if front_cpu is None else front_cpu   # where nginx runs
        self.dry = dry
        self.port = 8000 if dry else free_port()
        self.launched = []
        self.commands = []                    # dry mode: the command lines, for the report
        self.url_path = url_path              # what the readiness probe and wrk request
        self.cpu_group = cpu_group            # cpugroup.CpuGroup every launched process joins, or None

    def path(self, name):
        """A per-run file or socket path in the run directory (readable by nginx's workers)."""
        return os.path.join(self.run_dir, f"{self.tag}.{name}")

    def other_port(self):
        return 9000 if self.dry else free_port()

    def launch(self, name, argv, cwd=None, env=None, stop_signal=signal.SIGTERM, cpu=None):
        """Start argv pinned to the server core, or to `cpu` (`taskset -c N argv`), stdout+stderr
        to a log."""
        if self.dry:
            prefix = f"cd {cwd} && " if cwd else ""
            extra = "".join(f"{k}={v} " for k, v in (env or {}).items())
            self.commands.append(prefix + extra + " ".join(argv))
            return None
        log_path = os.path.join(self.log_dir, f"{self.tag}.{name}.log")
        full_env = dict(os.environ, **(env or {}))
        with open(log_path, "w") as log:
            popen = subprocess.Popen(["taskset", "-c", str(self.server_cpu if cpu is None else cpu)] + list(argv),
                                     cwd=cwd, env=full_env, stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT,
                                     preexec_fn=self.cpu_group.join if self.cpu_group else None)
        launched = Launched(name, popen, stop_signal, log_path)
        self.launched.append(launched)
        return launched

    def dead(self):
        """A reason if one of the launched processes has exited, else None."""
        for proc in self.launched:
            if proc.popen.poll() is not None:
                return f"{proc.name} exited with {proc.popen.returncode}: {tail(proc.log_path)}"
        return None

    def pids(self):
        return [p.popen.pid for p in self.launched]

    def stop(self):
        """Stop the front first (launched last), then the servers behind it, each by its own
        PID tree; returns what happened, for the log."""
        notes = []
        for proc in reversed(self.launched):
            if proc.popen.poll() is None:
                notes.append(f"{proc.name}: " + proctree.stop_tree([(proc.popen.pid, proc.stop_signal)]))
            proc.popen.wait()
        if self.cpu_group:
            notes.append(self.cpu_group.remove())
        return "; ".join(filter(None, notes))

    def wait_for_line(self, proc, needle, timeout):
        """The first log line of `proc` containing `needle`; NotAvailable if the process exits
        or prints no such line in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(proc.log_path, errors="replace") as f:
                for line in f:
                    if needle in line:
                        return line.strip()
            if proc.popen.poll() is not None:
                raise NotAvailable(f"{proc.name} exited with {proc.popen.returncode}: {tail(proc.log_path)}")
            time.sleep(0.01)
        raise NotAvailable(f"{proc.name} printed no '{needle}' line in {timeout:g} s")


def free_port():
    """A currently free loopback TCP port (nginx and uWSGI cannot report a port-0 bind back)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, lines=3):
    """The last lines of a log, on one line, for error messages."""
    try:
        with open(path, errors="replace") as f:
            content = [ln.strip() for ln in f if ln.strip()]
    except OSError:
        return "(no log)"
    return " / ".join(content[-lines:]) or "(empty log)"
