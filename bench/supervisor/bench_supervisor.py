#!/usr/bin/python3
"""Gantry's supervisor mode against Debian's supervisord, in one run (issue 13's targets).

For each supervisor (pinned to one core with taskset, the programs on the other):
  * start-up: from exec to 100 programs RUNNING (startsecs = 0), polled over XML-RPC every 10 ms;
  * status: `supervisorctl status` for the 100 programs, whole command (Python start-up included) and the
    getAllProcessInfo round trip alone (one XML-RPC call on a fresh connection, as supervisorctl makes it);
  * memory: the supervisor's own RSS and PSS (/proc/PID/smaps_rollup) with 100 programs running: right after ten
    `supervisorctl status` (rss_busy_kib), and after 3 s more without a request (rss_kib, pss_kib; Gantry's
    supervisor trims its memory after 2 s without a request or a state change);
  * a crash: kill -9 of a program (autorestart = true, startsecs = 1): time to its new pid, and to RUNNING.
Each figure is the median of the repetitions. Usage: bench_supervisor.py [--gantry out/gantry] [--reps 5]
"""
import argparse, http.client, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, xmlrpc.client

PROGRAMS = 100


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


class UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path):
        super().__init__()
        self.path = path

    def make_connection(self, host):
        return UnixHTTPConnection(self.path)


def proxy(sock):
    return xmlrpc.client.ServerProxy("http://localhost", transport=UnixTransport(sock))


def write_config(folder, programs):
    lines = [
        "[unix_http_server]", f"file = {folder}/s.sock", "",
        "[supervisord]", f"logfile = {folder}/supervisord.log", f"pidfile = {folder}/supervisord.pid",
        f"childlogdir = {folder}", "nodaemon = true", "",
        "[rpcinterface:supervisor]", "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
        "[supervisorctl]", f"serverurl = unix://{folder}/s.sock", "",
    ]
    for i in range(programs):
        lines += [f"[program:p{i:03d}]", "command = /bin/sleep 100000", "startsecs = 0",
                  f"stdout_logfile = {folder}/p{i:03d}.log", "redirect_stderr = true", ""]
    lines += ["[program:crash]", "command = /bin/sleep 100000", "startsecs = 1", "autorestart = true", ""]
    path = os.path.join(folder, "supervisord.conf")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return path


def memory(pid):
    rss = pss = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    return rss, pss


def run_once(kind, gantry, cpu):
    folder = tempfile.mkdtemp(prefix="gsvb-")
    config = write_config(folder, PROGRAMS)
    sock = f"{folder}/s.sock"
    command = [gantry, "supervise", "-c", config] if kind == "gantry" else ["/usr/bin/supervisord", "-n", "-c", config]
    started = time.monotonic()
    process = subprocess.Popen(["taskset", "-c", str(cpu)] + command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result = {}
    try:
        while True:
            if time.monotonic() - started > 60:
                raise RuntimeError(f"{kind}: programs not RUNNING within 60 s")
            try:
                infos = proxy(sock).supervisor.getAllProcessInfo()
                if sum(1 for info in infos if info["statename"] == "RUNNING") >= PROGRAMS:
                    break
            except (OSError, xmlrpc.client.Error):
                pass
            time.sleep(0.01)
        result["startup_s"] = time.monotonic() - started
        time.sleep(1.5)  # the crash program reaches RUNNING; memory settles
        rpc = []
        for _ in range(20):
            t = time.monotonic()
            infos = proxy(sock).supervisor.getAllProcessInfo()
            rpc.append(time.monotonic() - t)
        assert len(infos) == PROGRAMS + 1
        result["rpc_status_ms"] = statistics.median(rpc) * 1000
        ctl = []
        for _ in range(10):
            t = time.monotonic()
            out = subprocess.run(["/usr/bin/supervisorctl", "-c", config, "status"], capture_output=True, text=True)
            ctl.append(time.monotonic() - t)
            assert out.stdout.count("RUNNING") == PROGRAMS + 1, out.stdout[:500]
        result["ctl_status_ms"] = statistics.median(ctl) * 1000
        # Right after the burst of requests (Gantry's supervisor trims its memory only after 2 s without any).
        result["rss_busy_kib"], _ = memory(process.pid)
        baseline = []
        for _ in range(10):
            t = time.monotonic()
            subprocess.run(["/usr/bin/python3", "-c", "import supervisor.supervisorctl"], capture_output=True)
            baseline.append(time.monotonic() - t)
        result["ctl_python_import_ms"] = statistics.median(baseline) * 1000
        time.sleep(3)  # quiet: no request for > 2 s (the import runs above took ~2.5 s more)
        result["rss_kib"], result["pss_kib"] = memory(process.pid)
        t = time.monotonic()
        proxy(sock).supervisor.getAllProcessInfo()
        result["rpc_after_quiet_ms"] = (time.monotonic() - t) * 1000  # Gantry: its code paged back in
        server = proxy(sock).supervisor
        old = server.getProcessInfo("crash")["pid"]
        t = time.monotonic()
        os.kill(old, signal.SIGKILL)
        respawn = running = None
        while time.monotonic() - t < 30:
            info = server.getProcessInfo("crash")
            if respawn is None and info["pid"] not in (0, old):
                respawn = time.monotonic() - t
            if info["statename"] == "RUNNING" and info["pid"] != old:
                running = time.monotonic() - t
                break
            time.sleep(0.005)
        result["crash_respawn_ms"] = respawn * 1000
        result["crash_running_ms"] = running * 1000
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gantry", default=os.path.join(os.path.dirname(__file__), "../../out/gantry"))
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--cpu", type=int, default=1)
    args = parser.parse_args()
    gantry = os.path.abspath(args.gantry)
    runs = {"gantry": [], "supervisord": []}
    load_before = open('/proc/loadavg').read().strip()
    for _ in range(args.reps):
        for kind in runs:
            runs[kind].append(run_once(kind, gantry, args.cpu))
    keys = ["startup_s", "ctl_status_ms", "ctl_python_import_ms", "rpc_status_ms", "rss_busy_kib", "rss_kib", "pss_kib", "rpc_after_quiet_ms", "crash_respawn_ms", "crash_running_ms"]
    print(f"load before: {load_before}; after: {open('/proc/loadavg').read().strip()}")
    print(f"| figure (median of {args.reps}) | gantry supervise | supervisord 4.2.5 | ratio |")
    print("|---|---|---|---|")
    for key in keys:
        g = statistics.median(r[key] for r in runs["gantry"])
        s = statistics.median(r[key] for r in runs["supervisord"])
        print(f"| {key} | {g:.1f} | {s:.1f} | {g / s:.2f} |")


if __name__ == "__main__":
    main()
