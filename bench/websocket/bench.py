"""WebSocket bench (issue 11): echo messages per second and the memory of idle connections, Gantry against uvicorn
(websockets implementation, uvloop) and daphne, in the same run.

  /usr/bin/python3 bench/websocket/bench.py [--reps 3] [--seconds 6] [--idle 10000] [--out FILE]

Each server runs apps/echo_asgi.py pinned to core 0 (taskset), one process; the client runs on core 1. Echo: C
connections each keep W small text messages in flight (masked frames built once; the server's answers are counted by
bytes, since an unextended echo of an N-byte text is a frame of N + 2 bytes); warm-up, then a measured window; servers
interleaved per repetition; medians. No extension is offered (plain frames on both sides); a second table offers
permessage-deflate as browsers do, where each server negotiates it. Memory: one connection first, then --idle
connections opened and left idle; PSS and RSS of the server's process tree before and after, per connection.
"""
import argparse
import asyncio
import base64
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
APPS = os.path.join(os.path.dirname(HERE), "apps")
ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = "/usr/bin/python3"
MESSAGE = b"0123456789abcdef0123456789abcdef"  # 32 bytes of text
SERVER_CPU = ["0"]  # --server-cpu


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def servers(gantry):
    return {
        "gantry": lambda port: [gantry, "asgi", "--port", str(port), "--app-dir", APPS, "--no-access-log",
                                "echo_asgi:application"],
        "uvicorn": lambda port: [PYTHON, "-m", "uvicorn", "--app-dir", APPS, "echo_asgi:application", "--host",
                                 "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning",
                                 "--loop", "uvloop", "--http", "httptools", "--ws", "websockets"],
        "daphne": lambda port: [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "-v", "0",
                                "echo_asgi:application"],
    }


class Server:
    def __init__(self, name, argv, port):
        self.name, self.port = name, port
        self.process = subprocess.Popen(["taskset", "-c", SERVER_CPU[0], *argv], cwd=APPS, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, preexec_fn=raise_nofile, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"{name} did not start: {self.process.stderr.read().decode()[-2000:]}")
                time.sleep(0.05)

    def tree(self):
        pids, frontier = [], [self.process.pid]
        while frontier:
            pid = frontier.pop()
            pids.append(pid)
            try:
                with open(f"/proc/{pid}/task/{pid}/children") as f:
                    frontier.extend(int(p) for p in f.read().split())
            except OSError:
                pass
        return pids

    def cpu_seconds(self):
        total = 0
        for pid in self.tree():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except OSError:
                pass
        return total / os.sysconf("SC_CLK_TCK")

    def memory_kb(self):
        pss = rss = 0
        for pid in self.tree():
            try:
                with open(f"/proc/{pid}/smaps_rollup") as f:
                    for line in f:
                        if line.startswith("Pss:"):
                            pss += int(line.split()[1])
                        elif line.startswith("Rss:"):
                            rss += int(line.split()[1])
            except OSError:
                pass
        return pss, rss

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def masked_text_frame(payload):
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes([0x81, 0x80 | len(payload)]) + mask + body


async def open_websocket(port, deflate=False):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    extension = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" if deflate else ""
    writer.write((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{extension}\r\n").encode())
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 101"):
        raise RuntimeError(head.decode(errors="replace"))
    negotiated = b"permessage-deflate" in head.lower()
    return reader, writer, negotiated


async def echo_load(port, connections, window, warmup, seconds, deflate):
    frame = masked_text_frame(MESSAGE)
    answer = len(MESSAGE) + 2
    counts = [0] * connections
    stop = asyncio.Event()
    negotiated = []

    async def one(index):
        reader, writer, agreed = await open_websocket(port, deflate)
        negotiated.append(agreed)
        writer.write(frame * window)
        pending = 0
        while not stop.is_set():
            data = await reader.read(65536)
            if not data:
                raise RuntimeError("the server closed")
            pending += len(data)
            if agreed:
                # Compressed answers differ in size: count frames by walking their headers (small frames only).
                done, pending = walk_frames(pending, data, one.partial.setdefault(index, bytearray()))
            else:
                done, pending = divmod(pending, answer)
            counts[index] += done
            if done:
                writer.write(frame * done)
        writer.close()

    one.partial = {}
    tasks = [asyncio.ensure_future(one(i)) for i in range(connections)]
    await asyncio.sleep(warmup)
    start_counts, start = sum(counts), time.monotonic()
    await asyncio.sleep(seconds)
    total, elapsed = sum(counts) - start_counts, time.monotonic() - start
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return total / elapsed, all(negotiated)


def walk_frames(_pending, data, partial):
    partial.extend(data)
    done, offset = 0, 0
    while len(partial) - offset >= 2:
        length = partial[offset + 1] & 0x7F
        if length >= 126:
            raise RuntimeError("bench frames are small")
        if len(partial) - offset < 2 + length:
            break
        offset += 2 + length
        done += 1
    del partial[:offset]
    return done, 0


async def idle_connections(port, count):
    sockets = []
    for start in range(0, count, 200):
        batch = await asyncio.gather(*(open_websocket(port) for _ in range(min(200, count - start))))
        sockets.extend(batch)
    return sockets


def run_echo(args, table, deflate):
    results = {name: [] for name in table}
    cpu = {name: [] for name in table}
    agreed = {}
    for rep in range(args.reps):
        for name, argv in table.items():
            port = free_port()
            server = Server(name, argv(port), port)
            try:
                before = server.cpu_seconds()
                rate, negotiated = asyncio.run(echo_load(port, args.connections, args.window, args.warmup, args.seconds, deflate))
                used = server.cpu_seconds() - before
            finally:
                server.stop()
            results[name].append(rate)
            cpu[name].append(rate * (args.warmup + args.seconds) / used if used else 0)
            agreed[name] = negotiated
            print(f"  rep {rep + 1} {name}: {rate:,.0f} msg/s ({'deflate' if negotiated else 'plain'})", file=sys.stderr)
    return results, cpu, agreed


def run_idle(args, table):
    rows = {}
    for name in args.idle_servers.split(","):
        port = free_port()
        server = Server(name, table[name](port), port)
        try:
            async def measure():
                first = await open_websocket(port)
                await asyncio.sleep(1)
                before = server.memory_kb()
                opened = await idle_connections(port, args.idle)
                await asyncio.sleep(3)
                after = server.memory_kb()
                for _, writer, _ in [first, *opened]:
                    writer.close()
                return before, after
            before, after = asyncio.run(measure())
        finally:
            server.stop()
        rows[name] = (before, after)
        print(f"  idle {name}: PSS {before[0] / 1024:.1f} -> {after[0] / 1024:.1f} MB", file=sys.stderr)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gantry", default=os.environ.get("GANTRY_BINARY", os.path.join(ROOT, "out", "gantry")))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--window", type=int, default=16)
    parser.add_argument("--idle", type=int, default=10000)
    parser.add_argument("--idle-servers", default="gantry,uvicorn")
    parser.add_argument("--skip-deflate", action="store_true")
    parser.add_argument("--out")
    parser.add_argument("--servers", default="gantry,uvicorn,daphne", help="the echo servers, comma-separated")
    parser.add_argument("--server-cpu", type=int, default=0, help="the core the servers are pinned to")
    parser.add_argument("--client-cpu", type=int, default=1, help="the core the client is pinned to")
    args = parser.parse_args()
    raise_nofile()
    SERVER_CPU[0] = str(args.server_cpu)
    os.sched_setaffinity(0, {args.client_cpu})
    table = {name: argv for name, argv in servers(args.gantry).items() if name in args.servers.split(",")}
    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    load_before = open("/proc/loadavg").read().split()[:3]
    plain = run_echo(args, table, deflate=False) if args.reps else None
    deflated = None if args.skip_deflate or not args.reps else run_echo(args, table, deflate=True)
    idle = run_idle(args, table) if args.idle else {}
    load_after = open("/proc/loadavg").read().split()[:3]
    lines = report(args, started, load_before, load_after, plain, deflated, idle)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


def report(args, started, load_before, load_after, plain, deflated, idle):
    lines = [f"- **command**: `/usr/bin/python3 bench/websocket/bench.py --reps {args.reps} --seconds {args.seconds:g} "
             f"--connections {args.connections} --window {args.window} --idle {args.idle}`; started {started}",
             f"- **load average** (1, 5, 15 min) before: {' '.join(load_before)}; after: {' '.join(load_after)}", ""]
    for title, result in [("plain frames (no extension offered)", plain), ("permessage-deflate offered", deflated)]:
        if result is None:
            continue
        rates, cpu, agreed = result
        gantry = statistics.median(rates["gantry"])
        gantry_cpu = statistics.median(cpu["gantry"])
        lines += [f"### Echo, {title}", "",
                  "| server | negotiated | msg/s median | min..max | gantry/peer | msg per server CPU-s | gantry/peer (CPU) |",
                  "|---|---|---|---|---|---|---|"]
        for name in rates:
            median = statistics.median(rates[name])
            per_cpu = statistics.median(cpu[name])
            lines.append(f"| {name} | {'deflate' if agreed[name] else 'none'} | {median:,.0f} | {min(rates[name]):,.0f}..{max(rates[name]):,.0f} "
                         f"| {gantry / median:.2f}× | {per_cpu:,.0f} | {gantry_cpu / per_cpu:.2f}× |")
        lines.append("")
    if idle:
        lines += [f"### {args.idle:,} idle WebSockets on one worker", "",
                  "| server | PSS before (MB) | PSS after (MB) | PSS per connection (KB) | RSS per connection (KB) |",
                  "|---|---|---|---|---|"]
        for name, (before, after) in idle.items():
            lines.append(f"| {name} | {before[0] / 1024:.1f} | {after[0] / 1024:.1f} | {(after[0] - before[0]) / args.idle:.1f} "
                         f"| {(after[1] - before[1]) / args.idle:.1f} |")
        lines.append("")
    return lines


if __name__ == "__main__":
    main()
