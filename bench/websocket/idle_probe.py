"""Where an idle WebSocket's bytes go (issue 11): opens N idle WebSockets on one gantry worker (bench/apps/
echo_asgi_probe.py) and prints the PSS growth per connection by kind of mapping ([heap]: malloc of the main arena;
anon: the .NET GC heap, pymalloc arenas, other malloc arenas), Python's allocated blocks and gc objects per connection,
the commonest object types, and, with PYTHONTRACEMALLOC=1 in the environment, Python's bytes per connection and the
lines that allocated them.

  /usr/bin/python3 bench/websocket/idle_probe.py [N] [extra gantry flags…]     (GANTRY=path overrides out/gantry)
"""
import asyncio, base64, json, os, re, socket, subprocess, sys, time, urllib.request, resource
resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],)*2)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
gantry = os.environ.get("GANTRY", os.path.join(ROOT, "out", "gantry"))
extra = sys.argv[2:]
APPS = os.path.join(ROOT, "bench", "apps")
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]
port = free_port()
env = dict(os.environ, PYTHONPATH=APPS)
p = subprocess.Popen([gantry, "asgi", "--port", str(port), "--app-dir", APPS, "--no-access-log", *extra, "echo_asgi_probe:application"],
                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],)*2))
for _ in range(300):
    try: socket.create_connection(("127.0.0.1", port)).close(); break
    except OSError: time.sleep(0.1)
def smaps():
    cls = {}
    cur = None
    with open(f"/proc/{p.pid}/smaps") as f:
        for line in f:
            m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$", line)
            if m:
                size = int(m.group(2), 16) - int(m.group(1), 16)
                name = m.group(3) or ("anon-huge" if size > (1 << 34) else "anon-1M" if size == 1 << 20 else "anon-64M" if size >= (60 << 20) and size <= (64 << 20) else "anon")
                if "/" in name: name = "file"
                cur = name
            elif line.startswith("Pss:") and cur:
                cls[cur] = cls.get(cur, 0) + int(line.split()[1])
    return cls
def mem(q=""):
    return json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/mem{q}").read())
async def open_ws():
    r, w = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    w.write(f"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
    await w.drain()
    head = await r.readuntil(b"\r\n\r\n")
    assert b" 101 " in head, head
    return r, w
async def main():
    keep = [await open_ws()]
    await asyncio.sleep(1)
    m0 = mem("?mark"); s0 = smaps()
    for i in range(0, N, 200):
        keep += await asyncio.gather(*(open_ws() for _ in range(min(200, N - i))))
    await asyncio.sleep(3)
    m1 = mem(); s1 = smaps()
    total = sum(s1.values()) - sum(s0.values())
    print(f"N={N} total PSS delta per conn {total*1024/N/1000:.2f} KB")
    for k in sorted(set(s0) | set(s1)):
        d = s1.get(k, 0) - s0.get(k, 0)
        if abs(d) > 100: print(f"  {k:10s} {d/1024:8.1f} MB  {d*1024/N/1000:6.2f} KB/conn")
    print(f"  python blocks/conn {(m1['blocks']-m0['blocks'])/N:.1f}  gc objects/conn {(m1['objects']-m0['objects'])/N:.1f}")
    if "traced" in m1:
        print(f"  tracemalloc bytes/conn {(m1['traced']-m0['traced'])/N:.0f}")
        for t in m1.get("top", [])[:25]: print("   ", t)
    print("  types", m1["types"])
asyncio.run(main())
p.send_signal(2); p.wait(20)
